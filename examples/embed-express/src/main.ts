import { start } from './start.js';

const running = await start({
  port: Number(process.env.PORT ?? 3000),
  host: process.env.HOST ?? '127.0.0.1',
});
console.log(
  `Acme Hiring on ${running.url} — Parley at ${running.url}/api/parley, sockets on namespace /parley`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void running.close().then(() => process.exit(0));
  });
}
