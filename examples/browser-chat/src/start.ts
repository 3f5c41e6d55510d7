import { fileURLToPath } from 'node:url';
import { createParley, type Parley } from '@parley/core';
import { createParleyServer, type ParleyServer } from '@parley/server';

/** The page and its script, served at the root of the API's origin. */
const PUBLIC_DIR = fileURLToPath(new URL('../public', import.meta.url));
/** `@parley/client`'s browser ESM bundle (its package builds it; `@parley/client/browser`). */
const CLIENT_BUNDLE_DIR = fileURLToPath(
  new URL('../node_modules/@parley/client/dist/browser', import.meta.url),
);

/** A running example: where it listens, and how to stop it (and the core, when `start` created it). */
export interface RunningChat {
  url: string;
  parley: Parley;
  server: ParleyServer;
  close(): Promise<void>;
}

/**
 * The standalone server with the page at `/` and `@parley/client`'s browser bundle at `/client/`:
 * one origin, so the login cookie authenticates the page's requests and its socket.
 */
export async function start(
  options: { port?: number; host?: string; parley?: Parley } = {},
): Promise<RunningChat> {
  const parley = options.parley ?? (await createParley());
  const server = createParleyServer(parley, {
    staticFiles: { '/': PUBLIC_DIR, '/client': CLIENT_BUNDLE_DIR },
  });
  const { url } = await server.listen(options.port ?? 3000, options.host ?? '127.0.0.1');
  return {
    url,
    parley,
    server,
    async close() {
      await server.close();
      if (!options.parley) await parley.close();
    },
  };
}
