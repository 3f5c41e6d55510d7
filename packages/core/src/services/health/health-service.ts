import { ParleyError } from '../../errors/parley-error.js';
import type { Clock } from '../../ports/clock.js';

export type DependencyStatus = 'up' | 'degraded' | 'down';

export interface DependencyHealth {
  status: DependencyStatus;
  latencyMs: number;
  /** Safe, short reason when not up: a Parley error's message, or a generic word, never a raw driver error. */
  error?: string;
}

/** Readiness of the core (R10.2): down when a required dependency is down, degraded when an optional one is. */
export interface HealthReport {
  status: DependencyStatus;
  checks: Record<string, DependencyHealth>;
}

/** One dependency to probe; `required` ones make the whole report `down` when they fail. */
export interface HealthProbe {
  name: string;
  required: boolean;
  check(): Promise<void>;
}

const TIMEOUT_MS = 2_000;
const TIMED_OUT = Symbol('timed out');
/** How long one round of probes answers every readiness request (R10.2): a busy probe endpoint is not a load on the model API. */
const HEALTH_CACHE_MS = 5_000;

/**
 * Probes every dependency in parallel with a per-probe timeout, so one hung backend cannot hang
 * readiness. A report is reused for `cacheMs` (by the injected clock) and concurrent callers share
 * one round, so readiness traffic never multiplies into database or model calls.
 */
export class HealthService {
  private last: { at: number; report: Promise<HealthReport> } | undefined;

  constructor(
    private readonly probes: HealthProbe[],
    private readonly clock: Clock,
    private readonly cacheMs: number = HEALTH_CACHE_MS,
  ) {}

  check(): Promise<HealthReport> {
    const now = this.clock.now().getTime();
    if (this.last && now - this.last.at < this.cacheMs) return this.last.report;
    const report = this.probeAll();
    this.last = { at: now, report };
    return report;
  }

  private async probeAll(): Promise<HealthReport> {
    const results = await Promise.all(this.probes.map((probe) => this.run(probe)));
    const checks = Object.fromEntries(results.map(([name, health]) => [name, health]));
    const failed = this.probes.filter((probe) => checks[probe.name]?.status !== 'up');
    const status: DependencyStatus = failed.some((probe) => probe.required)
      ? 'down'
      : failed.length > 0
        ? 'degraded'
        : 'up';
    return { status, checks };
  }

  private async run(probe: HealthProbe): Promise<[string, DependencyHealth]> {
    const started = this.clock.now().getTime();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        probe.check(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(TIMED_OUT), TIMEOUT_MS);
        }),
      ]);
      return [probe.name, { status: 'up', latencyMs: this.clock.now().getTime() - started }];
    } catch (error) {
      const status: DependencyStatus = probe.required ? 'down' : 'degraded';
      const reason =
        error instanceof ParleyError
          ? error.message
          : error === TIMED_OUT
            ? `no answer within ${TIMEOUT_MS} ms`
            : 'unavailable';
      return [probe.name, { status, latencyMs: this.clock.now().getTime() - started, error: reason }];
    } finally {
      clearTimeout(timer);
    }
  }
}
