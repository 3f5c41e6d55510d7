import type { AddressInfo } from 'node:net';
import { createParley, type Parley } from '@parley/core';
import { createApp, type HostApp } from './create-app.js';

/** A running example: where it listens, and how to stop it (and the core, when `start` created it). */
export interface RunningApp extends HostApp {
  url: string;
  parley: Parley;
}

/** Starts the host app on `port` (0 = any free port) with a given core or one built from the environment. */
export async function start(
  options: { port?: number; host?: string; parley?: Parley } = {},
): Promise<RunningApp> {
  const parley = options.parley ?? (await createParley());
  const host = createApp(parley, { allowedOrigins: process.env.ALLOWED_ORIGINS?.split(',').filter(Boolean) });
  await new Promise<void>((resolve) =>
    host.httpServer.listen(options.port ?? 3000, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = host.httpServer.address() as AddressInfo;
  return {
    ...host,
    parley,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    async close() {
      await host.close();
      if (!options.parley) await parley.close();
    },
  };
}
