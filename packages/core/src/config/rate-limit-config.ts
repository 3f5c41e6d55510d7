import { z } from 'zod';
import { parseDuration } from './parse-duration.js';

/** `points` allowed per `durationSeconds` window for one key. */
export interface RateLimit {
  points: number;
  durationSeconds: number;
}

/** The limits Parley's surfaces apply (R10.5); each is keyed by client IP or by user id. */
export interface RateLimitSettings {
  httpPerIp: RateLimit;
  httpPerUser: RateLimit;
  /** Register and login, per IP: slows password guessing. */
  authPerIp: RateLimit;
  socketPerIp: RateLimit;
  socketPerUser: RateLimit;
  /** Health and metrics routes, per IP: probes are cheap, floods of them are not. */
  opsPerIp: RateLimit;
}

/** The defaults of every limit; `RATE_LIMIT_*` keys replace them one by one. */
export const DEFAULT_RATE_LIMITS: Readonly<RateLimitSettings> = {
  httpPerIp: { points: 600, durationSeconds: 60 },
  httpPerUser: { points: 300, durationSeconds: 60 },
  authPerIp: { points: 20, durationSeconds: 60 },
  socketPerIp: { points: 1200, durationSeconds: 60 },
  socketPerUser: { points: 600, durationSeconds: 60 },
  opsPerIp: { points: 120, durationSeconds: 60 },
};

/** A limit in code: whole points per window of seconds, both above 0. */
export const rateLimitSchema = z.strictObject({
  points: z.number().int().positive(),
  durationSeconds: z.number().positive(),
});

/** A `RATE_LIMIT_*` environment value: `POINTS/WINDOW`, e.g. `600/1m` or `20/30s`. */
export const rateLimitText = z
  .string()
  .regex(/^\d{1,9}\/\d+[smhd]$/, 'expected POINTS/WINDOW such as 600/1m or 20/30s')
  .transform((value): RateLimit => {
    const [points = '0', window = '1s'] = value.split('/');
    return { points: Number(points), durationSeconds: parseDuration(window) / 1000 };
  });
