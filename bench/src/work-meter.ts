import { Redis } from 'ioredis';
import type { ChildHandle } from './spawn-child.js';

/**
 * The work one server asked of the model and of Redis in a phase, per answer. CPU time on a shared
 * 2-core machine moves by ±20% between identical runs; these counts do not, so a change that adds or
 * removes a request per answer shows here even when the CPU figures cannot tell it apart.
 */
export interface WorkPerAnswer {
  /** Requests the stub received, per `METHOD /path`, per answer. */
  modelRequests: Record<string, number>;
  /** Every request the stub received, per answer. */
  modelRequestsTotal: number;
  /** Every command Redis ran (`INFO commandstats`), per answer; absent without Redis. */
  redisCommands?: number;
  /** The same by command name, per answer. */
  redisByCommand?: Record<string, number>;
}

/** What the counters held when a phase started. */
interface Reading {
  model: Record<string, number>;
  redis?: Record<string, number>;
}

/**
 * Reads the stub's request counts and, given a Redis URL, Redis's command counts before and after a
 * phase. The servers run one after the other and the bench itself sends Redis nothing but these
 * readings (each `INFO` is left out), so a phase's difference is that server's work.
 */
export class WorkMeter {
  private readonly redis: Redis | undefined;

  constructor(
    private readonly stub: ChildHandle,
    redisUrl: string | undefined,
  ) {
    this.redis = redisUrl ? new Redis(redisUrl, { lazyConnect: true }) : undefined;
  }

  async read(): Promise<Reading> {
    const [model, redis] = await Promise.all([this.stub.counts(), this.commandCounts()]);
    return redis ? { model, redis } : { model };
  }

  /** The work from `start` until now, divided by `answers`. */
  async since(start: Reading, answers: number): Promise<WorkPerAnswer> {
    const end = await this.read();
    const per = Math.max(1, answers);
    const modelRequests = perAnswer(difference(start.model, end.model), per);
    const work: WorkPerAnswer = {
      modelRequests,
      modelRequestsTotal: Object.values(modelRequests).reduce((sum, n) => sum + n, 0),
    };
    if (start.redis && end.redis) {
      const commands = difference(start.redis, end.redis);
      // The `INFO` that took the first reading; the second one is counted only after it ran.
      commands.info = (commands.info ?? 0) - 1;
      if (commands.info <= 0) delete commands.info;
      work.redisByCommand = perAnswer(commands, per);
      work.redisCommands = Object.values(work.redisByCommand).reduce((sum, n) => sum + n, 0);
    }
    return work;
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }

  private async commandCounts(): Promise<Record<string, number> | undefined> {
    if (!this.redis) return undefined;
    if (this.redis.status === 'wait') await this.redis.connect();
    const info = await this.redis.info('commandstats');
    const counts: Record<string, number> = {};
    for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) counts[match[1]!] = Number(match[2]);
    return counts;
  }
}

function difference(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [key, count] of Object.entries(after)) {
    const delta = count - (before[key] ?? 0);
    if (delta > 0) result[key] = delta;
  }
  return result;
}

function perAnswer(counts: Record<string, number>, answers: number): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([key, count]) => [key, count / answers]));
}
