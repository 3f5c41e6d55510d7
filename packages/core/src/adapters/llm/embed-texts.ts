import { z } from 'zod';
import type { LlmCallDeps } from './llm-call-deps.js';
import { LlmAttemptError } from './llm-failure.js';
import { runWithFallback } from './run-with-fallback.js';
import { requestWithin } from './request-within.js';

/** Inputs per request; OpenAI accepts up to 2048, smaller batches keep one failure cheap. */
const BATCH = 256;

const embeddingResponse = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) })),
});

/**
 * Embeds `texts` in order, batch by batch, with the configured embedding model and then its
 * fallbacks, each with retries and its breaker.
 */
export async function embedTexts(
  deps: LlmCallDeps,
  texts: string[],
  signal?: AbortSignal,
): Promise<number[][]> {
  const { transport, config, resilience } = deps;
  const models = [...new Set([config.embeddingModel, ...config.embedding.fallbackModels])];
  const vectors: number[][] = [];
  for (let start = 0; start < texts.length; start += BATCH) {
    const input = texts.slice(start, start + BATCH);
    const totalDeadline = resilience.now() + config.totalTimeoutMs;
    const attempt = async (model: string): Promise<number[][]> => {
      const response = await requestWithin(deps, model, signal, totalDeadline, (limits) =>
        transport.embed({ model, input, encoding_format: 'float' }, limits),
      );
      const parsed = embeddingResponse.safeParse(response);
      if (!parsed.success || parsed.data.data.length !== input.length) {
        throw new LlmAttemptError(model, { kind: 'bad_response' });
      }
      return [...parsed.data.data].sort((a, b) => a.index - b.index).map((row) => row.embedding);
    };
    const { value } = await runWithFallback(resilience, 'embed', models, attempt, signal);
    vectors.push(...value);
  }
  return vectors;
}
