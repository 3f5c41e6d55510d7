import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHasher } from '../../ports/password-hasher.js';

const KEY_LENGTH = 64;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    scrypt(password, salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolvePromise(key),
    );
  });
}

/**
 * scrypt (memory-hard, in node:crypto) with the parameters stored in the hash, so the cost can be
 * raised later without invalidating existing passwords. Default N=2^16, r=8 (64 MiB per hash).
 */
export function createScryptPasswordHasher(
  cost: { N?: number; r?: number; p?: number } = {},
): PasswordHasher {
  const N = cost.N ?? 2 ** 16;
  const r = cost.r ?? 8;
  const p = cost.p ?? 1;
  return {
    async hash(password) {
      const salt = randomBytes(16);
      const key = await derive(password, salt, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
      return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
    },
    async verify(password, stored) {
      const [scheme, n, rr, pp, salt, digest] = stored.split('$');
      if (scheme !== 'scrypt' || !salt || !digest) return false;
      const params = { N: Number(n), r: Number(rr), p: Number(pp) };
      if (!Object.values(params).every((value) => Number.isInteger(value) && value > 0)) return false;
      const expected = Buffer.from(digest, 'base64');
      const actual = await derive(password, Buffer.from(salt, 'base64'), {
        ...params,
        maxmem: 256 * params.N * params.r + 1024 * 1024,
      });
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
  };
}
