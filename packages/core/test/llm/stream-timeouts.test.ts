import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStreamTimer } from '../../src/adapters/llm/stream-timeouts.js';

describe("a stream's per-delta timer (R5.5)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const timer = (totalMs = 10_000) =>
    createStreamTimer({ firstTokenMs: 500, idleMs: 100, totalDeadline: totalMs, now: () => Date.now() });

  it('fires the idle gap once a read waits longer than it, and restarting moves the gap', () => {
    const stream = timer();
    const aborted = vi.fn();
    stream.gotFirstToken();
    stream.restart(aborted);
    vi.advanceTimersByTime(90);
    stream.pause();
    stream.restart(aborted);
    vi.advanceTimersByTime(90);
    expect(aborted).not.toHaveBeenCalled();
    expect(stream.expired()).toBeUndefined();
    vi.advanceTimersByTime(10);
    expect(aborted).toHaveBeenCalledOnce();
    expect(stream.expired()).toBe('idle');
  });

  it('does not count the time the caller spends on a delta between reads', () => {
    const stream = timer();
    const aborted = vi.fn();
    stream.gotFirstToken();
    stream.restart(aborted);
    stream.pause();
    vi.advanceTimersByTime(1_000);
    expect(aborted).not.toHaveBeenCalled();
    stream.restart(aborted);
    vi.advanceTimersByTime(99);
    expect(aborted).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(stream.expired()).toBe('idle');
  });

  it('names the first-token limit before the first token and the total deadline when it comes first; stop clears it', () => {
    const first = timer();
    const onFirst = vi.fn();
    first.restart(onFirst);
    vi.advanceTimersByTime(500);
    expect(first.expired()).toBe('first-token');

    const total = timer(Date.now() + 150);
    const onTotal = vi.fn();
    total.gotFirstToken();
    total.restart(onTotal);
    total.pause();
    vi.advanceTimersByTime(90);
    total.restart(onTotal);
    vi.advanceTimersByTime(60);
    expect(total.expired()).toBe('total');
    expect(onTotal).toHaveBeenCalledOnce();

    const stopped = timer();
    const onStopped = vi.fn();
    stopped.restart(onStopped);
    stopped.stop();
    vi.advanceTimersByTime(10_000);
    expect(onStopped).not.toHaveBeenCalled();
    expect(stopped.expired()).toBeUndefined();
  });
});
