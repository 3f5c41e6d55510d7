import { type LlmCallDeps } from './llm-call-deps.js';
import type { RequestLimits } from './llm-transport.js';
import { linkAbort } from '../../shared/link-abort.js';
import { asAttemptError } from './llm-failure.js';
import { createStreamTimer } from './stream-timeouts.js';

/**
 * One non-streaming request to `model` (JSON completion, embeddings) under the call's total
 * deadline, with the connect timeout and cancelled by the caller's signal; the transport gets both
 * through `limits`. A failure leaves as an LlmAttemptError, classified here where it happened.
 */
export async function requestWithin<T>(
  deps: LlmCallDeps,
  model: string,
  signal: AbortSignal | undefined,
  totalDeadline: number,
  send: (limits: RequestLimits) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const unlink = linkAbort(signal, controller);
  const timer = createStreamTimer({
    firstTokenMs: deps.config.totalTimeoutMs,
    idleMs: deps.config.totalTimeoutMs,
    totalDeadline,
    now: deps.resilience.now,
  });
  try {
    return await timer.within(
      send({ signal: controller.signal, timeoutMs: deps.config.connectTimeoutMs }),
      () => controller.abort(),
    );
  } catch (error) {
    throw asAttemptError(model, error, deps.resilience.now());
  } finally {
    unlink();
  }
}
