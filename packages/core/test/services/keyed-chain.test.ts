import { describe, expect, it } from 'vitest';
import { KeyedChain } from '../../src/shared/keyed-chain.js';

/** A piece of work that ends when the test says so; `started` resolves when it begins. */
function gate(log: string[], name: string) {
  let finish!: (fail?: Error) => void;
  let begun!: () => void;
  const started = new Promise<void>((resolve) => (begun = resolve));
  const work = () =>
    new Promise<string>((resolve, reject) => {
      log.push(name);
      begun();
      finish = (fail) => (fail ? reject(fail) : resolve(name));
    });
  return { work, started, finish: (fail?: Error) => finish(fail) };
}

describe('KeyedChain', () => {
  it('runs a key’s work one piece after another, after a failure too, and other keys beside it', async () => {
    const chain = new KeyedChain();
    const log: string[] = [];
    const [a1, a2, b1] = [gate(log, 'a1'), gate(log, 'a2'), gate(log, 'b1')];
    const first = chain.run(['a'], a1.work);
    const second = chain.run(['a'], a2.work);
    const other = chain.run(['b'], b1.work);
    expect(log).toEqual(['a1', 'b1']);
    a1.finish(new Error('refused'));
    await expect(first).rejects.toThrow('refused');
    await a2.started;
    expect(log).toEqual(['a1', 'b1', 'a2']);
    a2.finish();
    b1.finish();
    await expect(second).resolves.toBe('a2');
    await expect(other).resolves.toBe('b1');
  });

  it('starts a piece spanning several keys after the work of each; idle() waits for all of it', async () => {
    const chain = new KeyedChain();
    const log: string[] = [];
    const [a, b, both] = [gate(log, 'a'), gate(log, 'b'), gate(log, 'both')];
    void chain.run(['a'], a.work);
    void chain.run(['b'], b.work);
    const spanning = chain.run(['a', 'b'], both.work);
    let idle = false;
    const waited = chain.idle().then(() => (idle = true));
    a.finish();
    await chain.idle('x');
    expect(log).toEqual(['a', 'b']);
    b.finish();
    await both.started;
    expect(log).toEqual(['a', 'b', 'both']);
    expect(idle).toBe(false);
    both.finish();
    await expect(spanning).resolves.toBe('both');
    await waited;
    expect(idle).toBe(true);
  });
});
