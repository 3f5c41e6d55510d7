import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

/**
 * A CPU profile of one measured phase only (`PARLEY_BENCH_PROFILE_DIR`): `--cpu-prof` would also
 * hold start-up, module loading and account set-up, which drown the per-answer work.
 */
export class PhaseProfiler {
  private session: Session | undefined;

  async start(): Promise<void> {
    this.session = new Session();
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.start');
  }

  /** Stops and writes `<file>.cpuprofile` (open it in Chrome DevTools or speedscope). */
  async stop(file: string): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = undefined;
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await writeFile(`${file}.cpuprofile`, JSON.stringify(profile));
  }
}
