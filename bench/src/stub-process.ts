import { startLlmStub } from '@parley/llm-stub';
import { serveParent } from './serve-parent.js';

/** The stub's pacing, passed as JSON in argv[2]. */
export interface StubSettings {
  chunks: number;
  chunkDelayMs: number;
  firstTokenDelayMs: number;
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
  const stub = await startLlmStub({
    record: false,
    // The session titler asks without streaming for JSON; every streamed request gets the paced answer.
    reply: (request) =>
      request.stream
        ? {
            text: ANSWER,
            chunkCount: settings.chunks,
            chunkDelayMs: settings.chunkDelayMs,
            firstTokenDelayMs: settings.firstTokenDelayMs,
          }
        : { text: '{"title":"Hiring a backend engineer"}', firstTokenDelayMs: settings.firstTokenDelayMs },
  });
  return { url: stub.url, close: () => stub.close() };
});
