import type { Redis } from 'ioredis';

/** Runs a script with its keys first, then its arguments, and resolves to its reply. */
export type RedisScript = (...keysThenArgs: Array<string | number>) => Promise<unknown>;

/**
 * A Lua script as one of the client's commands (ioredis `defineCommand`): the first call on each
 * connection sends its text (`EVAL`, which also loads it), later calls its 40-character digest
 * (`EVALSHA`; on `NOSCRIPT`, after a Redis restart, the text again). `EVAL` sent the whole text with
 * every call, and Redis hashed it each time to find the compiled script.
 */
export function defineRedisScript(
  client: Redis,
  name: string,
  lua: string,
  numberOfKeys: number,
): RedisScript {
  client.defineCommand(name, { lua, numberOfKeys });
  const command = (
    client as unknown as Record<string, (...args: Array<string | number>) => Promise<unknown>>
  )[name];
  if (!command) throw new Error(`ioredis did not define the script command ${name}`);
  return (...keysThenArgs) => command.apply(client, keysThenArgs);
}
