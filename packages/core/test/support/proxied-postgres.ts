import { randomUUID } from 'node:crypto';
import knex, { type Knex } from 'knex';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/**
 * A fresh schema on the shared PostgreSQL, reached through a TCP proxy the test can hang or cut
 * (the shared server itself is never stopped), plus a direct connection to check what is stored.
 */
export interface ProxiedPostgres {
  /** `DATABASE_URL` through the proxy, with the schema as search_path. */
  url: string;
  proxy: TcpProxy;
  /** A builder on one of the schema's tables, over a direct connection (not through the proxy). */
  table(name: string): Knex.QueryBuilder;
  cleanup(): Promise<void>;
}

export async function startProxiedPostgres(sharedUrl: string): Promise<ProxiedPostgres> {
  const target = new URL(sharedUrl);
  const schema = `parley_fault_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = knex({ client: 'pg', connection: sharedUrl, pool: { min: 0, max: 2 } });
  await admin.raw('CREATE SCHEMA ??', [schema]);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const proxied = new URL(sharedUrl);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  proxied.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: proxied.toString(),
    proxy,
    table: (name) => admin.withSchema(schema).from(name),
    async cleanup() {
      await proxy.close();
      await admin.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
      await admin.destroy();
    },
  };
}
