import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { describe } from 'vitest';
import { serviceUrl } from './services.js';

/** A private redis-server a test may stop and start again without touching the shared one. */
export interface DisposableRedis {
  url: string;
  /** Stops the server (SIGTERM) and resolves once the process has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port; resolves once it accepts connections. */
  start(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;

// A crashed or interrupted test run must not leave private servers behind.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * `describe` for suites that stop Redis mid-test: runs when the Redis suites are enabled (see
 * services.ts) and `redis-server` is on PATH; otherwise skips with one line, or fails the run
 * under PARLEY_REQUIRE_SERVICES=1.
 */
export function describeWithRedisServer(title: string, body: () => void): void {
  if (serviceUrl('redis') && redisServerAvailable()) describe(title, body);
  else describe.skip(title, () => undefined);
}

/** Spawns `redis-server` on a free local port, without persistence. */
export async function startDisposableRedis(): Promise<DisposableRedis> {
  const port = await freePort();
  let server: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    if (server) return;
    server = await spawnRedis(port);
  };
  const stop = async (): Promise<void> => {
    const child = server;
    server = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}

function spawnRedis(port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (reason: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`redis-server on port ${port} ${reason}:\n${output.slice(-2_000)}`));
    };
    const timer = setTimeout(() => fail(`not ready after ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      if (!output.includes('Ready to accept connections')) return;
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      resolve(child);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('error', (error) => fail(`failed to start (${error.message})`));
    const onEarlyExit = (code: number | null): void => fail(`exited with code ${code}`);
    child.once('exit', onEarlyExit);
  });
}

/** A TCP port nothing listens on right now (also handy as a "Redis is not there" address). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

let available: boolean | undefined;
function redisServerAvailable(): boolean {
  available ??= onPath('redis-server');
  if (available) return true;
  if (process.env.PARLEY_REQUIRE_SERVICES === '1') {
    throw new Error(
      'redis-server is not on PATH but PARLEY_REQUIRE_SERVICES=1: the Redis outage suites may not skip.',
    );
  }
  process.stderr.write('Redis outage suites skipped: install redis-server (put it on PATH) to run them.\n');
  return false;
}

function onPath(binary: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, binary), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
