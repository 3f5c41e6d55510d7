import { describe } from 'vitest';

/**
 * Gates the suites that need a real PostgreSQL or Redis. Locally they skip with one line saying
 * how to turn them on; with PARLEY_REQUIRE_SERVICES=1 (CI) a missing URL fails the run instead.
 */
const SERVICES = {
  postgres: { env: 'PARLEY_TEST_POSTGRES_URL', example: 'postgres://postgres@127.0.0.1:5432/test' },
  redis: { env: 'PARLEY_TEST_REDIS_URL', example: 'redis://127.0.0.1:6379' },
} as const;

export type ServiceName = keyof typeof SERVICES;

/** The service's URL, or undefined when its suite should skip. */
export function serviceUrl(name: ServiceName): string | undefined {
  const { env, example } = SERVICES[name];
  const url = process.env[env];
  if (url) return url;
  if (process.env.PARLEY_REQUIRE_SERVICES === '1') {
    throw new Error(`${env} is not set but PARLEY_REQUIRE_SERVICES=1: the ${name} suites may not skip.`);
  }
  warnOnce(name, `${name} suites skipped: set ${env}=${example} to run them.`);
  return undefined;
}

/** `describe` that runs only when the service URL is set, passing the URL to the body. */
export function describeWith(name: ServiceName, title: string, body: (url: string) => void): void {
  const url = serviceUrl(name);
  if (url) describe(title, () => body(url));
  else describe.skip(title, () => undefined);
}

const warned = new Set<string>();
function warnOnce(name: string, text: string): void {
  if (warned.has(name)) return;
  warned.add(name);
  process.stderr.write(`${text}\n`);
}
