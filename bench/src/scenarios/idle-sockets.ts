import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { MemorySample } from '../child-protocol.js';
import { mapLimit } from '../map-limit.js';
import type { Scenario } from '../scenario.js';
import { spawnChild } from '../spawn-child.js';
import { EMBEDDED_DEFAULT } from './socket-load.js';
import { medianOf, targetTable } from '../target-table.js';

const CONNECT_CONCURRENCY = 50;
const KB = 1024;

interface IdleFigures {
  sockets: number;
  heapPerSocketBytes: number;
  rssPerSocketBytes: number;
}

/**
 * Scenario 3 (issue 14): thousands of connected, authenticated, idle sockets — the live heap each
 * costs the server after a full GC, against a default bare Socket.IO server holding as many.
 */
export const idleSocketsScenario: Scenario = {
  name: 'idle-sockets',
  summary: '5,000 idle authenticated sockets: server heap per socket vs bare Socket.IO',
  async run(context) {
    const count = context.quick ? 300 : Number(context.env.PARLEY_BENCH_IDLE_SOCKETS) || 5_000;
    const rounds: Array<{ baseline: IdleFigures; parley: IdleFigures }> = [];
    for (let round = 0; round < context.rounds; round += 1) {
      const baseline = await measure('baseline', count, context.log);
      const parley = await measure('parley', count, context.log);
      rounds.push({ baseline, parley });
    }
    const pick = (f: (figures: IdleFigures) => number) => ({
      baseline: medianOf(rounds.map((r) => f(r.baseline))),
      parley: medianOf(rounds.map((r) => f(r.parley))),
    });
    const heap = pick((f) => f.heapPerSocketBytes / KB);
    const rss = pick((f) => f.rssPerSocketBytes / KB);
    const markdown = [
      `### Idle sockets (SQLite, no Redis adapter; ${count.toLocaleString('en-US')} connected; median of ${context.rounds} rounds)`,
      '',
      targetTable('bare Socket.IO', [
        {
          label: 'live heap per socket (KB)',
          ...heap,
          digits: 2,
          target: '≤ 1.0× bare',
          met: heap.parley <= heap.baseline,
        },
        { label: 'RSS per socket (KB)', ...rss, digits: 2 },
      ]),
    ].join('\n');
    return { markdown, figures: { count, rounds } };
  },
};

async function measure(
  kind: 'baseline' | 'parley',
  count: number,
  log: (line: string) => void,
): Promise<IdleFigures> {
  // The LLM is never called; any URL does.
  const server = await spawnChild(
    new URL('../server-process.ts', import.meta.url),
    [kind, 'http://127.0.0.1:9/v1'],
    EMBEDDED_DEFAULT,
  );
  const sockets: Socket[] = [];
  try {
    const auth: Record<string, string> = kind === 'parley' ? { token: await parleyToken(server.url) } : {};
    // One warm-up socket, so what loads on the first connection is not charged to the others.
    sockets.push(await connect(server.url, auth));
    const before = await server.memory();
    const indexes = Array.from({ length: count }, (_, index) => index);
    sockets.push(...(await mapLimit(indexes, CONNECT_CONCURRENCY, () => connect(server.url, auth))));
    const after = await server.memory();
    const figures = perSocket(before, after, count);
    log(`${kind}: ${count} idle sockets, ${(figures.heapPerSocketBytes / KB).toFixed(2)} KB heap each`);
    return figures;
  } finally {
    for (const socket of sockets) socket.disconnect();
    await server.stop();
  }
}

function perSocket(before: MemorySample, after: MemorySample, count: number): IdleFigures {
  return {
    sockets: count,
    heapPerSocketBytes: (after.heapUsed - before.heapUsed) / count,
    rssPerSocketBytes: (after.rss - before.rss) / count,
  };
}

async function parleyToken(url: string): Promise<string> {
  const credentials = {
    email: `idle-${randomUUID().slice(0, 8)}@parley.local`,
    password: 'correct horse battery staple',
  };
  const post = async (path: string) => {
    const response = await fetch(`${url}/api/v1/auth/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    });
    return (await response.json()) as { data?: { token?: string } };
  };
  await post('register');
  const token = (await post('login')).data?.token;
  if (!token) throw new Error('idle-sockets: could not log in');
  return token;
}

function connect(url: string, auth: Record<string, string>): Promise<Socket> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}
