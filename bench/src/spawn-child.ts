import { fork, type ChildProcess } from 'node:child_process';
import type { ChildMessage, MemorySample, ParentMessage } from './child-protocol.js';

/** A child process started by `spawnChild`: where it listens, its memory, and a stop that always ends it. */
export interface ChildHandle {
  url: string;
  pid: number;
  memory(): Promise<MemorySample>;
  /** What the child counted since it started (`Started.counts`; empty when it counts nothing). */
  counts(): Promise<Record<string, number>>;
  /** Resolves once the child's background work is done (at once for children without any). */
  idle(): Promise<void>;
  /**
   * Starts a CPU profile of the child, or stops it and writes `<file>.cpuprofile`; or starts and
   * stops counting allocations (the stop resolves with the bytes allocated).
   */
  profile(
    action: Exclude<ParentMessage, { type: 'memory' | 'idle' | 'stop' | 'heap-snapshot' }>,
  ): Promise<number | undefined>;
  /** Writes a heap snapshot of the child (live objects only: V8 collects first) to `file`. */
  heapSnapshot(file: string): Promise<void>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Forks a TypeScript entry with the same loader as this process (tsx) plus --expose-gc and
 * `nodeFlags`, and waits for its `ready`. A child that fails, exits or stays silent rejects
 * instead of hanging the run.
 */
export async function spawnChild(
  entry: URL,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  nodeFlags: string[] = [],
): Promise<ChildHandle> {
  const child = fork(entry, args, {
    execArgv: [...process.execArgv, '--expose-gc', ...nodeFlags],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`${entry.pathname} did not start within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'ready') done(() => resolve(message.url));
      if (message.type === 'failed') fail(new Error(`${entry.pathname} failed to start:\n${message.error}`));
    };
    const onExit = (code: number | null) =>
      fail(new Error(`${entry.pathname} exited (${code}) before it was ready`));
    const done = (then: () => void) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      then();
    };
    const fail = (error: Error) =>
      done(() => {
        child.kill('SIGKILL');
        reject(error);
      });
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
  return {
    url,
    pid: child.pid ?? -1,
    memory: () => requestMemory(child),
    counts: () =>
      reply(child, { type: 'counts' }, 'counts').then((message) =>
        message.type === 'counts' ? message.counts : {},
      ),
    idle: () => requestIdle(child),
    profile: (action) => requestProfile(child, action),
    heapSnapshot: (file) =>
      reply(child, { type: 'heap-snapshot', file }, 'heap-snapshot').then(() => undefined),
    stop: () => stopChild(child),
  };
}

function requestMemory(child: ChildProcess): Promise<MemorySample> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('memory request timed out')), 5_000);
    const onMessage = (message: ChildMessage) => {
      if (message.type !== 'memory') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message.memory);
    };
    child.on('message', onMessage);
    child.send({ type: 'memory' });
  });
}

function requestIdle(child: ChildProcess): Promise<void> {
  return reply(child, { type: 'idle' }, 'idle').then(() => undefined);
}

function requestProfile(child: ChildProcess, action: ParentMessage): Promise<number | undefined> {
  return reply(child, action, 'profiled').then((message) =>
    message.type === 'profiled' ? message.allocatedBytes : undefined,
  );
}

/** Sends `request` and waits for the child's message of type `type`; a child that exits first rejects, so the run fails instead of hanging. */
function reply(
  child: ChildProcess,
  request: ParentMessage,
  type: ChildMessage['type'],
): Promise<ChildMessage> {
  if (!child.connected) return Promise.reject(new Error(`child ${child.pid} has exited`));
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      if (message.type !== type) return;
      settle();
      resolve(message);
    };
    const onExit = (code: number | null) => {
      settle();
      reject(new Error(`child ${child.pid} exited (${code}) while the run waited for '${type}'`));
    };
    const settle = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(request);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send({ type: 'stop' });
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
