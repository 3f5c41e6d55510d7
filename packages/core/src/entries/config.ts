/**
 * `@parley/core/config`: configuration from the environment — the env schema, `loadConfig` (which
 * `createParley` calls), and the value types and helpers surfaces share (rate limits, proxies, durations).
 */
export { loadConfig, type ConfigSource } from '../config/load-config.js';
export { configSchema, type ParleyConfigInput } from '../config/config-schema.js';
export { ENV_KEYS, envSchema, type EnvKey } from '../config/env-keys.js';
export { parseDuration } from '../config/parse-duration.js';
export type { TrustProxy } from '../config/trust-proxy.js';
export { DEFAULT_RATE_LIMITS, type RateLimit, type RateLimitSettings } from '../config/rate-limit-config.js';
