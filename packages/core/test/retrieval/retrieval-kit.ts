import pino from 'pino';
import type { ParleyConfigInput } from '@parley/core';
import type { LlmStub } from '@parley/llm-stub';
import type { NewMessage } from '../../src/ports/store.js';
import { serviceUrl } from '../support/services.js';
import { createTestParley, type Backend, type TestParley } from '../support/test-parley.js';

/** SQLite always, PostgreSQL when PARLEY_TEST_POSTGRES_URL is set. */
export function retrievalBackends(): Backend[] {
  const backends: Backend[] = [{ name: 'SQLite', database: 'sqlite' }];
  const postgresUrl = serviceUrl('postgres');
  if (postgresUrl) backends.push({ name: 'PostgreSQL', database: 'postgres', postgresUrl });
  return backends;
}

/** A core talking to `stub`, with a small window so that history falls out of it; warnings collected. */
export async function startRetrievalParley(
  backend: Backend,
  stub: LlmStub,
  retrieval: ParleyConfigInput['retrieval'] = {},
): Promise<{ t: TestParley; warnings: string[] }> {
  const warnings: string[] = [];
  const t = await createTestParley(backend, {
    config: {
      llm: {
        baseUrl: stub.url,
        apiKey: 'test-key',
        model: 'stub-model',
        contextTokens: 4000,
        outputReserveTokens: 512,
        embeddingModel: null,
      },
      // A loaded machine must not turn into a skipped source: no wall-clock bound in the test.
      chat: { contextSourceTimeoutMs: 60_000 },
      retrieval,
    },
    logger: pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) }),
  });
  return { t, warnings };
}

/** `count` filler messages for a session, alternating user and assistant, to store with `appendMany`. */
export function filler(sessionId: string, count: number, at: Date): NewMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    id: crypto.randomUUID(),
    sessionId,
    role: i % 2 === 0 ? 'user' : 'assistant',
    content: `Weekly sync number ${i + 1} covered logistics, calendars and travel.`,
    tokenCount: 20,
    status: 'complete',
    usage: null,
    toolCalls: null,
    toolCallId: null,
    createdAt: at,
  }));
}

/** Sends `content` as a turn and returns the prompt of the answer's chat completion, joined. */
export async function promptOf(
  t: TestParley,
  stub: LlmStub,
  turn: { userId: string; sessionId: string; content: string },
): Promise<string> {
  const before = stub.requests.length;
  const sent = await t.parley.chat.send(turn);
  await sent.done;
  await t.parley.jobs.idle();
  const chat = stub.requests
    .slice(before)
    .filter(
      (r) =>
        r.path.endsWith('/chat/completions') && !(r.body as { response_format?: unknown }).response_format,
    );
  const messages = (chat[0]?.body as { messages: { role: string; content: string }[] }).messages;
  return messages.map((m) => m.content).join('\n---\n');
}
