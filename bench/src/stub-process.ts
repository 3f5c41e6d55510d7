import { startLlmStub } from '@parley/llm-stub';
import { backgroundReply } from './background-reply.js';
import { serveParent } from './serve-parent.js';
import { startTimingStub } from './timing-stub.js';

/** The stub's pacing, passed as JSON in argv[2]. */
export interface StubSettings {
  chunks: number;
  chunkDelayMs: number;
  firstTokenDelayMs: number;
  /** Each delta is the instant the stub wrote it (timing-stub.ts) instead of the fixed answer. */
  stamped?: boolean;
  /** Text of every delta instead of slices of the fixed answer (long answers). */
  chunkText?: string;
  /** How long each embeddings request waits before its answer (a provider's latency). */
  embeddingDelayMs?: number;
}

/** A fixed answer of about 150 tokens, so chunks carry realistic text whatever the question. */
const ANSWER = [
  'Thanks for the details. For a senior backend role I would start with a short screening call,',
  'then a take-home exercise of about two hours, and finish with a system design interview and a',
  'conversation about past projects. Keep the loop under two weeks and share feedback after each',
  'step. Candidates appreciate a clear salary range up front, and a named contact for questions.',
  'If you want, I can draft the job description and the scoring rubric for each interview next.',
].join(' ');

serveParent(async () => {
  const settings = JSON.parse(process.argv[2] ?? '{}') as StubSettings;
  if (settings.stamped) return startTimingStub(settings);
  const text = settings.chunkText ? settings.chunkText.repeat(settings.chunks) : ANSWER;
  const stub = await startLlmStub({
    record: false,
    ...(settings.embeddingDelayMs ? { embeddingDelayMs: settings.embeddingDelayMs } : {}),
    // Background work asks without streaming for JSON (backgroundReply); every streamed request
    // gets the paced answer.
    reply: (request) =>
      request.stream
        ? {
            text,
            chunkCount: settings.chunks,
            chunkDelayMs: settings.chunkDelayMs,
            firstTokenDelayMs: settings.firstTokenDelayMs,
          }
        : {
            text: backgroundReply(request),
            firstTokenDelayMs: settings.firstTokenDelayMs,
          },
  });
  return { url: stub.url, close: () => stub.close(), counts: () => stub.counts };
});
