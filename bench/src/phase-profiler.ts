import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
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

  /** Starts counting every allocation (sampled every 4 KiB, collected objects included). */
  async startAllocations(): Promise<void> {
    this.session = new Session();
    this.session.connect();
    await this.session.post('HeapProfiler.enable');
    await this.session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }

  /** Stops counting; the bytes allocated since `startAllocations`, as the samples estimate them. */
  async stopAllocations(): Promise<number> {
    const session = this.session;
    if (!session) return Number.NaN;
    this.session = undefined;
    const { profile } = await session.post('HeapProfiler.stopSampling');
    session.disconnect();
    const total = (node: { selfSize: number; children: (typeof node)[] }): number =>
      node.children.reduce((sum, child) => sum + total(child), node.selfSize);
    return total(profile.head);
  }

  /** Stops and writes `<file>.cpuprofile` (open it in Chrome DevTools or speedscope). */
  async stop(file: string): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = undefined;
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await mkdir(dirname(file), { recursive: true });
    await writeFile(`${file}.cpuprofile`, JSON.stringify(profile));
  }
}
