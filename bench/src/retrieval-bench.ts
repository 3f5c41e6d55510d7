import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createParley, type Parley, type Session } from '@parley/core';
import type { NewMessage } from '@parley/core/ports';
import { measureOp } from './measure-op.js';
import { RETRIEVAL_QUESTIONS, corpusMessage } from './retrieval-corpus.js';
import { benchUser } from './seed-history.js';
import { summarize, type Summary } from './stats.js';

/** Issue 12: lexical retrieval over one user's long history, on SQLite and (when given) PostgreSQL. */
export interface RetrievalBenchOptions {
  /** Messages in the user's history (100,000). */
  messages: number;
  /** Timed searches per database and scope. */
  iterations: number;
  /** Upper bound of the timed phase per database and scope. */
  opBudgetMs: number;
  /** The seeded SQLite database, reused by later runs. */
  cacheFile: string;
  fresh: boolean;
  /** A PostgreSQL URL (`PARLEY_BENCH_DATABASE_URL`) to measure beside SQLite. */
  postgresUrl?: string;
}

/** The target the issue sets for lexical search on SQLite, p50. */
export const LEXICAL_TARGET_MS = 20;

export const RETRIEVAL_SCOPES = ['session', 'user'] as const;

/** One database: how it was seeded and ms per lexical search in each scope. */
export interface RetrievalFigures {
  database: 'SQLite' | 'PostgreSQL';
  messages: number;
  appended: number;
  seedMs: number;
  /** Hits per search, median: the query really finds something. */
  hitsP50: number;
  search: Record<(typeof RETRIEVAL_SCOPES)[number], Summary>;
  /**
   * A session of `SHORT_SESSION` messages of the same user, scope session: its cost must not follow
   * the long history beside it (on PostgreSQL it did, through the GIN index).
   */
  short: Summary;
}

export interface RetrievalBenchResult {
  settings: Omit<RetrievalBenchOptions, 'postgresUrl'> & { targetP50Ms: number };
  databases: RetrievalFigures[];
}

const SECRET = 'parley-bench-secret-with-at-least-32-characters';
const BATCH = 5_000;
const ROUNDS = 5;
const HITS = 5;
/** Messages the window would hold: the search looks only before them, as the context source does. */
const WINDOW = 50;
/** Messages in the short session searched beside the long one. */
export const SHORT_SESSION = 500;

/** Reads `PARLEY_BENCH_RETRIEVAL_*` (and the shared database URL) into options. */
export function retrievalBenchOptions(
  env: NodeJS.ProcessEnv,
  benchDir: string,
  fresh: boolean,
): RetrievalBenchOptions {
  const count = (name: string, fallback: number, min: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`${name}: expected an integer >= ${min}`);
    return value;
  };
  const url = env.PARLEY_BENCH_DATABASE_URL;
  return {
    messages: count('PARLEY_BENCH_RETRIEVAL_MESSAGES', 100_000, WINDOW + 1),
    iterations: count('PARLEY_BENCH_RETRIEVAL_ITERATIONS', 300, 1),
    opBudgetMs: count('PARLEY_BENCH_OP_BUDGET_MS', 3_000, 10) * 5,
    cacheFile: `${benchDir}/.cache/retrieval-v1.sqlite`,
    fresh,
    ...(url && /^postgres(ql)?:/.test(url) ? { postgresUrl: url } : {}),
  };
}

/**
 * Seeds (or reuses) one session of `messages` varied messages for the bench user with
 * `store.messages.appendMany`, then times `retrieval.search` (lexical only, as with no embeddings
 * endpoint) for a rotation of questions, scoped to the session and to all of the user's sessions.
 */
export async function runRetrievalBench(
  options: RetrievalBenchOptions,
  log: (line: string) => void,
): Promise<RetrievalBenchResult> {
  if (options.fresh) {
    for (const suffix of ['', '-wal', '-shm']) await rm(`${options.cacheFile}${suffix}`, { force: true });
  }
  await mkdir(dirname(options.cacheFile), { recursive: true });
  const targets: Array<[RetrievalFigures['database'], string]> = [['SQLite', `sqlite:${options.cacheFile}`]];
  if (options.postgresUrl) targets.push(['PostgreSQL', options.postgresUrl]);
  const databases: RetrievalFigures[] = [];
  for (const [name, url] of targets) databases.push(await measure(name, url, options, log));
  const { postgresUrl: _notWritten, ...settings } = options;
  return { settings: { ...settings, targetP50Ms: LEXICAL_TARGET_MS }, databases };
}

async function measure(
  database: RetrievalFigures['database'],
  url: string,
  options: RetrievalBenchOptions,
  log: (line: string) => void,
): Promise<RetrievalFigures> {
  const open = () =>
    createParley({
      env: {},
      config: {
        database: { url },
        logLevel: 'warn',
        auth: { jwtSecret: SECRET },
        retrieval: { embeddings: 'off' },
      },
    });
  const seeding = await open();
  let seeded: { session: Session; appended: number; seedMs: number };
  let short: Session;
  try {
    seeded = await seed(seeding, options.messages, (line) => log(`${database}: ${line}`));
    // Its own title, so it stays apart from the long one whatever PARLEY_BENCH_RETRIEVAL_MESSAGES says.
    const shortTitle = `retrieval-short-${SHORT_SESSION}`;
    short = (await seed(seeding, SHORT_SESSION, (line) => log(`${database}: ${line}`), shortTitle)).session;
  } finally {
    await seeding.close();
  }
  // Reopened so SQLite checkpoints the seeding's write-ahead log before anything is timed.
  const parley = await open();
  try {
    const { session } = seeded;
    let question = 0;
    const hits: number[] = [];
    const search = (searched: Session, across: 'session' | 'user') => async () => {
      const text = RETRIEVAL_QUESTIONS[question++ % RETRIEVAL_QUESTIONS.length]!;
      const found = await parley.retrieval.search(
        {
          userId: searched.userId,
          sessionId: searched.id,
          beforeSeq: searched.lastSeq - WINDOW,
          across,
          limit: HITS,
        },
        text,
        { vectors: false },
      );
      if (searched === session) hits.push(found.length);
    };
    // Interleaved rounds, so no scope alone pays for a cold cache or a burst of load.
    const samples = { session: [] as number[], user: [] as number[], short: [] as number[] };
    const timed = (op: () => Promise<void>) =>
      measureOp(op, Math.ceil(options.iterations / ROUNDS), options.opBudgetMs / ROUNDS);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const across of RETRIEVAL_SCOPES) samples[across].push(...(await timed(search(session, across))));
      samples.short.push(...(await timed(search(short, 'session'))));
    }
    const figures = {
      session: summarize(samples.session.map((us) => us / 1000)),
      user: summarize(samples.user.map((us) => us / 1000)),
    };
    log(`${database}: ${options.iterations} lexical searches per scope over ${session.lastSeq} messages`);
    return {
      database,
      messages: session.lastSeq,
      appended: seeded.appended,
      seedMs: seeded.seedMs,
      hitsP50: summarize(hits).p50,
      search: figures,
      short: summarize(samples.short.map((us) => us / 1000)),
    };
  } finally {
    await parley.close();
  }
}

/** The bench user's session titled `title` (`retrieval-N`), topped up to `size` messages in batches. */
async function seed(
  parley: Parley,
  size: number,
  log: (line: string) => void,
  title = `retrieval-${size}`,
): Promise<{ session: Session; appended: number; seedMs: number }> {
  const user = await benchUser(parley);
  let session: Session | undefined;
  // Found in any status: a session seeded by an earlier run has expired since.
  for (const status of ['active', 'expired', 'closed'] as const) {
    session ??= (await parley.sessions.list(user.id, { status, limit: 200 })).find((s) => s.title === title);
  }
  session ??= await parley.sessions.create(user.id, { title });
  const started = performance.now();
  const from = session.lastSeq;
  for (let done = from; done < size;) {
    const batch: NewMessage[] = [];
    for (; batch.length < BATCH && done < size; done += 1) {
      const content = corpusMessage(done);
      batch.push({
        id: crypto.randomUUID(),
        sessionId: session.id,
        role: done % 2 === 0 ? 'user' : 'assistant',
        content,
        tokenCount: Math.ceil(content.length / 4),
        status: 'complete',
        usage: null,
        toolCalls: null,
        toolCallId: null,
        createdAt: new Date(),
      });
    }
    await parley.internal.store.messages.appendMany(session.id, batch);
    if (done % 20_000 === 0 || done === size) log(`seeding ${title}: ${done}/${size}`);
  }
  const seedMs = performance.now() - started;
  const fresh = await parley.internal.store.sessions.findById(session.id);
  if (!fresh || fresh.lastSeq !== size)
    throw new Error(`${title} holds ${fresh?.lastSeq} messages; run with --fresh`);
  return { session: fresh, appended: size - from, seedMs };
}
