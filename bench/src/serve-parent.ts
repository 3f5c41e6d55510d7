import { writeHeapSnapshot } from 'node:v8';
import type { ChildMessage, MemorySample, ParentMessage } from './child-protocol.js';
import { PhaseProfiler } from './phase-profiler.js';

/** What a child entry starts: the URL to report, how to stop it, and how to wait for its background work. */
export interface Started {
  url: string;
  close(): Promise<void>;
  /** Resolves once no background work (Parley's after-turn jobs) is waiting or running. */
  idle?(): Promise<void>;
  /**
   * What the child counted since start, by kind: the stub its requests per `METHOD /path`, Parley
   * the context parts it left out of prompts per `source reason`.
   */
  counts?(): Record<string, number>;
}

const send = (message: ChildMessage) => process.send?.(message);

const SAMPLE_EVERY_MS = 50;

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, SAMPLE_EVERY_MS);
sampler.unref();

/**
 * Peak since the last request and the CPU used so far, then the live heap after a collection (the
 * child runs with --expose-gc) and the CPU used once it is done.
 */
function sampleMemory(): MemorySample {
  const peak = Math.max(peakRss, process.memoryUsage.rss());
  const cpu = process.cpuUsage();
  globalThis.gc?.();
  const collected = process.cpuUsage();
  const { rss, heapUsed } = process.memoryUsage();
  peakRss = rss;
  return {
    rss,
    heapUsed,
    peakRss: peak,
    cpuMs: (cpu.user + cpu.system) / 1000,
    cpuMsAfterCollection: (collected.user + collected.system) / 1000,
  };
}

/**
 * Runs a forked child: starts what `start` builds, reports `ready`, answers memory requests and
 * stops cleanly on `stop` or when the parent goes away, so no process outlives the run.
 */
export function serveParent(start: () => Promise<Started>): void {
  let started: Started | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await started?.close().catch(() => undefined);
    process.disconnect?.();
    process.exit(0);
  };
  const profiler = new PhaseProfiler();
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'memory') send({ type: 'memory', memory: sampleMemory() });
    if (message.type === 'counts') send({ type: 'counts', counts: { ...started?.counts?.() } });
    if (message.type === 'idle')
      void (started?.idle?.() ?? Promise.resolve()).then(() => send({ type: 'idle' }));
    if (message.type === 'profile-start') void profiler.start().then(() => send({ type: 'profiled' }));
    if (message.type === 'allocations-start')
      void profiler.startAllocations().then(() => send({ type: 'profiled' }));
    if (message.type === 'allocations-stop')
      void profiler.stopAllocations().then((allocatedBytes) => send({ type: 'profiled', allocatedBytes }));
    if (message.type === 'profile-stop')
      void profiler.stop(message.file).then(() => send({ type: 'profiled' }));
    if (message.type === 'heap-snapshot')
      send({ type: 'heap-snapshot', file: writeHeapSnapshot(message.file) });
    if (message.type === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  start().then(
    (value) => {
      started = value;
      send({ type: 'ready', url: value.url });
    },
    (error: unknown) => {
      send({
        type: 'failed',
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      process.exit(1);
    },
  );
}
