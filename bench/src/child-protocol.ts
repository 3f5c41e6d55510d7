/** Memory of a server process as it reports it over IPC, in bytes. */
export interface MemorySample {
  rss: number;
  heapUsed: number;
  /** Highest RSS sampled (every 50 ms) since the previous memory request, i.e. during the phase it closes. */
  peakRss: number;
  /** CPU time (user + system) the process has used since it started, in milliseconds. */
  cpuMs: number;
  /**
   * `cpuMs` once the sample's forced collection is done: where a phase that follows the sample
   * starts, so that the collection (the bench's, not the server's work) counts in neither phase.
   */
  cpuMsAfterCollection: number;
}

/** Parent → child requests. */
export type ParentMessage =
  | { type: 'memory' }
  | { type: 'counts' }
  | { type: 'idle' }
  | { type: 'stop' }
  | { type: 'profile-start' }
  | { type: 'profile-stop'; file: string }
  | { type: 'allocations-start' }
  | { type: 'allocations-stop' }
  | { type: 'heap-snapshot'; file: string };

/** Child → parent replies; `ready` carries what the child started (a URL). */
export type ChildMessage =
  | { type: 'ready'; url: string }
  | { type: 'memory'; memory: MemorySample }
  | { type: 'counts'; counts: Record<string, number> }
  | { type: 'idle' }
  | { type: 'failed'; error: string }
  | { type: 'profiled'; allocatedBytes?: number }
  | { type: 'heap-snapshot'; file: string };
