import type { z } from 'zod';

/** What a tool knows about the turn that called it. */
export interface ToolContext {
  userId: string;
  sessionId: string;
  turnId: string;
  /** Aborted when the turn is cancelled or the tool's time is up. */
  signal: AbortSignal;
}

/** What a tool returns: the text the model reads, and a one-line summary for watchers (`tool_result`). */
export interface ToolOutput {
  content: string;
  summary?: string;
}

/**
 * A function the model may call during a turn (R14.1). Arguments are validated with `parameters`
 * before `execute` runs; a throw, a timeout or invalid arguments go back to the model as the result.
 *
 * @example
 * const clock: Tool<{ zone: string }> = {
 *   name: 'current_time', description: 'The time in an IANA zone.',
 *   parameters: z.object({ zone: z.string() }),
 *   execute: async ({ zone }) => new Date().toLocaleString('en', { timeZone: zone }),
 * };
 */
export interface Tool<A = unknown> {
  /** `^[a-zA-Z0-9_-]{1,64}$`, as OpenAI-compatible endpoints require. */
  name: string;
  description: string;
  parameters: z.ZodType<A>;
  /** Longest one call may take (default `CHAT_TOOL_TIMEOUT_MS`). */
  timeoutMs?: number;
  execute(args: A, context: ToolContext): Promise<string | ToolOutput>;
}
