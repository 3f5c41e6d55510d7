import type { Logger } from 'pino';
import { z } from 'zod';
import type { Session } from '../../domain/session.js';
import type { ChatModel } from '../../ports/chat-model.js';
import type { SessionService } from '../sessions/session-service.js';
import type { AfterTurnJob } from './after-turn.js';

const titleSchema = z.object({ title: z.string().trim().min(1).max(80) });
const MAX_FALLBACK = 60;

/** The first words of the first message, when the model cannot name the session. */
export function fallbackTitle(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_FALLBACK ? flat : `${flat.slice(0, MAX_FALLBACK - 1).trimEnd()}…`;
}

/**
 * Names a session from its first exchange, as an after-turn job, so session lists read well;
 * `onTitled` tells the user's other surfaces.
 */
export function sessionTitleJob(deps: {
  llm: ChatModel;
  sessions: SessionService;
  model: string;
  logger: Logger;
  onTitled(session: Session): Promise<void>;
}): AfterTurnJob {
  const title = async (question: string, answer: string, signal: AbortSignal): Promise<string> => {
    try {
      const { value } = await deps.llm.completeJson({
        name: 'session title',
        schema: titleSchema,
        model: deps.model,
        signal,
        messages: [
          {
            role: 'system',
            content: 'Name this hiring conversation in at most six words. Reply as JSON: {"title": "..."}',
          },
          {
            role: 'user',
            content: `User: ${question.slice(0, 1_000)}\nAssistant: ${answer.slice(0, 1_000)}`,
          },
        ],
      });
      return value.title;
    } catch {
      return fallbackTitle(question);
    }
  };
  return {
    name: 'session-title',
    on: 'answer',
    when: ({ session, answer }) => session.title === null && answer !== null,
    async run({ session, userMessage, answer, signal }) {
      // Another turn of the same session may have named it since this one started.
      const current = await deps.sessions.get(session.userId, session.id);
      if (current.title !== null) return;
      await deps.sessions.setTitle(
        session.id,
        await title(userMessage.content, answer?.content ?? '', signal),
      );
      await deps.onTitled(await deps.sessions.get(session.userId, session.id));
    },
  };
}
