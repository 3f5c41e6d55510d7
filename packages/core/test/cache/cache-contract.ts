import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/ports/cache.js';

const MINUTE = 60_000;

/**
 * The behaviour every Cache adapter must share (R2.4, R9.2). `factory` returns a fresh cache per
 * test; the suite closes it afterwards. Adapter-specific cases live beside the adapter's own call.
 */
export function cacheContract(name: string, factory: () => Cache | Promise<Cache>): void {
  describe(`${name} (cache contract)`, () => {
    let cache: Cache;
    beforeEach(async () => {
      cache = await factory();
    });
    afterEach(async () => {
      await cache.close();
    });

    it('answers undefined for a key never set', async () => {
      expect(await cache.get('contract:never-set')).toBeUndefined();
    });

    it('round-trips nested objects, arrays, numbers, strings, booleans and null', async () => {
      const value = {
        title: 'Staff engineer',
        years: 7.5,
        remote: true,
        salary: null,
        skills: [{ name: 'TypeScript', level: 3 }, 'Rust', 0, null],
        nested: { deeper: { list: [[1, 2], []] } },
      };
      await cache.set('contract:object', value, MINUTE);
      await cache.set('contract:string', 'plain text', MINUTE);
      await cache.set('contract:number', 42, MINUTE);
      await cache.set('contract:null', null, MINUTE);
      await cache.set('contract:array', [1, 'two', { three: 3 }], MINUTE);

      expect(await cache.get('contract:object')).toEqual(value);
      expect(await cache.get('contract:string')).toBe('plain text');
      expect(await cache.get('contract:number')).toBe(42);
      expect(await cache.get('contract:null')).toBeNull();
      expect(await cache.get('contract:array')).toEqual([1, 'two', { three: 3 }]);
    });

    it('returns values as JSON: Dates come back as ISO strings, undefined fields are dropped', async () => {
      const at = new Date('2025-01-02T03:04:05.678Z');
      await cache.set('contract:json', { at, gone: undefined }, MINUTE);
      expect(await cache.get('contract:json')).toStrictEqual({ at: '2025-01-02T03:04:05.678Z' });
    });

    it('overwrites a value and its TTL on a second set', async () => {
      await cache.set('contract:overwrite', 'first', 60);
      await cache.set('contract:overwrite', 'second', MINUTE);
      await sleep(150);
      expect(await cache.get('contract:overwrite')).toBe('second');
    });

    it('expires an entry after its TTL', async () => {
      await cache.set('contract:short', 'soon gone', 60);
      await cache.set('contract:long', 'still here', MINUTE);
      expect(await cache.get('contract:short')).toBe('soon gone');
      await sleep(150);
      expect(await cache.get('contract:short')).toBeUndefined();
      expect(await cache.get('contract:long')).toBe('still here');
    });

    it('swaps a value only while the key holds the expected one, as get returned it', async () => {
      const at = new Date('2025-01-02T03:04:05.678Z');
      await cache.set('contract:swap', { seq: 1, at, title: null, tags: [] }, MINUTE);
      const read = await cache.get('contract:swap');
      expect(await cache.swap('contract:swap', read, { seq: 2, at, title: null, tags: [] }, MINUTE)).toBe(
        true,
      );
      expect(await cache.get('contract:swap')).toEqual({
        seq: 2,
        at: at.toISOString(),
        title: null,
        tags: [],
      });
      // `read` is no longer what the key holds: nothing changes.
      expect(await cache.swap('contract:swap', read, { seq: 3 }, MINUTE)).toBe(false);
      expect(await cache.get('contract:swap')).toMatchObject({ seq: 2 });
      // A deleted key stays deleted.
      await cache.delete('contract:swap');
      expect(await cache.swap('contract:swap', read, { seq: 4 }, MINUTE)).toBe(false);
      expect(await cache.get('contract:swap')).toBeUndefined();
    });

    it('swaps into a key holding nothing when nothing is expected, and only then (a fill after a miss)', async () => {
      await cache.delete('contract:fill');
      expect(await cache.swap('contract:fill', undefined, { filled: 1 }, MINUTE)).toBe(true);
      expect(await cache.get('contract:fill')).toEqual({ filled: 1 });
      expect(await cache.swap('contract:fill', undefined, { filled: 2 }, MINUTE)).toBe(false);
      expect(await cache.get('contract:fill')).toEqual({ filled: 1 });
      // A falsy value is something, not nothing.
      await cache.set('contract:fill', '', MINUTE);
      expect(await cache.swap('contract:fill', undefined, { filled: 3 }, MINUTE)).toBe(false);
      expect(await cache.get('contract:fill')).toBe('');
    });

    it('refuses a swap with a TTL that is not a positive number, changing nothing', async () => {
      await cache.set('contract:swap-ttl', 'kept', MINUTE);
      await expect(cache.swap('contract:swap-ttl', 'kept', 'other', 0)).rejects.toThrow(RangeError);
      expect(await cache.get('contract:swap-ttl')).toBe('kept');
    });

    it('deletes several keys at once, missing ones included', async () => {
      await cache.set('contract:del-a', 'a', MINUTE);
      await cache.set('contract:del-b', 'b', MINUTE);
      await cache.set('contract:del-keep', 'keep', MINUTE);
      await cache.delete('contract:del-a', 'contract:del-missing', 'contract:del-b');
      await cache.delete();
      expect(await cache.get('contract:del-a')).toBeUndefined();
      expect(await cache.get('contract:del-b')).toBeUndefined();
      expect(await cache.get('contract:del-keep')).toBe('keep');
    });

    it('isolates stored values from later mutation on either side', async () => {
      const value = { skills: ['Go'], profile: { seniority: 'senior' } };
      await cache.set('contract:isolated', value, MINUTE);
      value.skills.push('mutated after set');
      value.profile.seniority = 'mutated after set';

      const first = await cache.get<typeof value>('contract:isolated');
      first?.skills.push('mutated after get');

      expect(await cache.get('contract:isolated')).toEqual({
        skills: ['Go'],
        profile: { seniority: 'senior' },
      });
    });

    it('refuses a TTL that is not a positive number', async () => {
      await expect(cache.set('contract:ttl', 'x', 0)).rejects.toThrow(RangeError);
      await expect(cache.set('contract:ttl', 'x', -5)).rejects.toThrow(RangeError);
      await expect(cache.set('contract:ttl', 'x', Number.NaN)).rejects.toThrow(RangeError);
      expect(await cache.get('contract:ttl')).toBeUndefined();
    });

    it('refuses a value that has no JSON form', async () => {
      await expect(cache.set('contract:undefined', undefined, MINUTE)).rejects.toThrow(TypeError);
      await expect(cache.set('contract:bigint', 1n, MINUTE)).rejects.toThrow(TypeError);
      expect(await cache.get('contract:undefined')).toBeUndefined();
    });

    it('resolves ping while the backend is up', async () => {
      await expect(cache.ping()).resolves.toBeUndefined();
    });
  });
}
