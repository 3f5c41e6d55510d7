import { fixed, formatTable } from './format-table.js';
import { RETRIEVAL_SCOPES, SHORT_SESSION, type RetrievalBenchResult } from './retrieval-bench.js';

/** The retrieval table: p50/p99 ms per database and scope, beside the SQLite target. */
export function formatRetrievalReport(result: RetrievalBenchResult): string {
  const target = result.settings.targetP50Ms;
  const rows = result.databases.flatMap((db) =>
    RETRIEVAL_SCOPES.map((scope) => {
      const s = db.search[scope];
      const verdict =
        db.database === 'SQLite' && scope === 'session' ? (s.p50 <= target ? 'met' : 'MISSED') : '';
      return [
        `${db.database}, scope ${scope}`,
        db.messages.toLocaleString('en'),
        fixed(s.p50, 2),
        fixed(s.p99, 2),
        String(s.count),
        String(db.hitsP50),
        db.database === 'SQLite' && scope === 'session' ? `≤ ${target} ms p50 ${verdict}` : '',
      ];
    }).concat([
      [
        `${db.database}, a short session beside`,
        SHORT_SESSION.toLocaleString('en'),
        fixed(db.short.p50, 2),
        fixed(db.short.p99, 2),
        String(db.short.count),
        '',
        '',
      ],
    ]),
  );
  const seeding = result.databases
    .filter((db) => db.appended > 0)
    .map(
      (db) =>
        `${db.database}: seeded ${db.appended.toLocaleString('en')} messages in ${(db.seedMs / 1000).toFixed(1)} s`,
    );
  return [
    formatTable(['lexical search (ms)', 'messages', 'p50', 'p99', 'samples', 'hits', 'target'], rows),
    ...seeding,
  ].join('\n');
}
