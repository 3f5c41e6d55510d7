import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { JobRunner } from '../../src/services/jobs/job-runner.js';

/** A promise with its resolver, to hold a job until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const runner = (concurrency: number) => new JobRunner({ concurrency, logger: pino({ level: 'silent' }) });

describe('JobRunner (R4.4, R7.5)', () => {
  it('never runs more jobs at once than its bound', async () => {
    const jobs = runner(2);
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 6 }, gate);
    gates.forEach((g, index) =>
      jobs.enqueue({
        name: 'work',
        key: `k${index}`,
        run: async () => {
          running += 1;
          peak = Math.max(peak, running);
          await g.opened;
          running -= 1;
        },
      }),
    );
    await Promise.resolve();
    expect(jobs.stats()).toMatchObject({ running: 2, waiting: 4 });
    for (const g of gates) g.open();
    await jobs.idle();
    expect(peak).toBe(2);
    expect(jobs.stats().completed).toEqual({ work: 6 });
  });

  it('runs jobs of one key in arrival order and coalesces those still waiting', async () => {
    const jobs = runner(4);
    const order: string[] = [];
    const first = gate();
    const started = gate();
    jobs.enqueue({
      name: 'extract',
      sessionId: 's1',
      key: 'extract:s1',
      run: async () => {
        started.open();
        await first.opened;
        order.push('first');
      },
    });
    await started.opened;
    jobs.enqueue({
      name: 'extract',
      sessionId: 's1',
      key: 'extract:s1',
      run: async () => void order.push('second'),
    });
    jobs.enqueue({
      name: 'extract',
      sessionId: 's1',
      key: 'extract:s1',
      run: async () => void order.push('third'),
    });
    jobs.enqueue({
      name: 'extract',
      sessionId: 's2',
      key: 'extract:s2',
      run: async () => void order.push('other'),
    });
    await jobs.idle('s2');
    expect(order).toEqual(['other']);
    first.open();
    await jobs.idle('s1');
    expect(order).toEqual(['other', 'first', 'second']);
  });

  it('logs and counts a failing job; the caller and later jobs are unaffected', async () => {
    const jobs = runner(1);
    const seen: string[] = [];
    expect(() =>
      jobs.enqueue({
        name: 'broken',
        run: async () => {
          throw new Error('boom');
        },
      }),
    ).not.toThrow();
    jobs.enqueue({ name: 'fine', run: async () => void seen.push('fine') });
    await jobs.idle();
    expect(seen).toEqual(['fine']);
    expect(jobs.stats()).toMatchObject({ failed: { broken: 1 }, completed: { fine: 1 } });
  });

  it('waits for running jobs on close, takes no new ones, and cancels them when asked', async () => {
    const jobs = runner(2);
    const held = gate();
    let finished = false;
    jobs.enqueue({
      name: 'slow',
      run: async () => {
        await held.opened;
        finished = true;
      },
    });
    const closing = jobs.close();
    jobs.enqueue({ name: 'late', run: async () => expect.unreachable('a job after close ran') });
    held.open();
    await closing;
    expect(finished).toBe(true);

    const cancelling = runner(1);
    const running = gate();
    let aborted = false;
    cancelling.enqueue({
      name: 'until-cancelled',
      run: (signal) =>
        new Promise<void>((resolve) => {
          running.open();
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          });
        }),
    });
    await running.opened;
    await cancelling.close({ cancel: true });
    expect(aborted).toBe(true);
  });
});
