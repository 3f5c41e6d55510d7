import type { Clock } from '../../ports/clock.js';

export type DependencyStatus = 'up' | 'degraded' | 'down';

export interface DependencyHealth {
  status: DependencyStatus;
  latencyMs: number;
  /** Safe, short reason when not up. */
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

/** Probes every dependency in parallel with a per-probe timeout, so one hung backend cannot hang readiness. */
export class HealthService {
  constructor(
    private readonly probes: HealthProbe[],
    private readonly clock: Clock,
  ) {}

  async check(): Promise<HealthReport> {
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
          timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
        }),
      ]);
      return [probe.name, { status: 'up', latencyMs: this.clock.now().getTime() - started }];
    } catch (error) {
      const status: DependencyStatus = probe.required ? 'down' : 'degraded';
      const reason = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : 'failed';
      return [probe.name, { status, latencyMs: this.clock.now().getTime() - started, error: reason }];
    } finally {
      clearTimeout(timer);
    }
  }
}
