import { z } from 'zod';
import { requirementsStateSchema } from '../../../domain/requirements/requirements-state.js';
import type { ChatMessage } from '../../../ports/chat-model.js';
import type { ContextSource } from '../../../ports/context-source.js';
import { CONTEXT_ORDER } from '../../chat/context-builder.js';
import type { RequirementsService } from '../requirements-service.js';

/** First line of the system message that hands the offline model its session's requirements. */
const MARKER = '[parley-offline-state]';
const payloadSchema = z.object({
  sessionId: z.string(),
  /** Sequence number of the user message being answered (so a re-read of it changes nothing). */
  seq: z.number().int().min(0),
  state: requirementsStateSchema,
});

/** What the offline intake model reads from its prompt: whose session it is and its stored requirements. */
export type OfflineState = z.infer<typeof payloadSchema>;

/**
 * The context source that goes with the offline intake model: the session's stored requirement
 * state as a system message. The chat port carries no session, so the prompt does, as it carries
 * the session brief to a real model; only the offline model reads this message.
 */
export function offlineStateSource(requirements: RequirementsService): ContextSource {
  return {
    name: 'offline-state',
    order: CONTEXT_ORDER.brief + 1,
    budgetShare: 0.3,
    async build({ userId, sessionId, userMessage, countTokens }) {
      const state = await requirements.state(userId, sessionId);
      const content = `${MARKER}\n${JSON.stringify({ sessionId, seq: userMessage.seq, state } satisfies OfflineState)}`;
      return { messages: [{ role: 'system', content }], tokens: countTokens(content) + 4 };
    },
  };
}

/** The state message in a prompt, or undefined when there is none (an offline model used on its own). */
export function readOfflineState(messages: readonly ChatMessage[]): OfflineState | undefined {
  const message = messages.find((m) => m.role === 'system' && m.content.startsWith(`${MARKER}\n`));
  if (!message) return undefined;
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(message.content.slice(MARKER.length + 1)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
