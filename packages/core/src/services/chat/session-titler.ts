import type { Logger } from 'pino';
import { z } from 'zod';
import type { Session } from '../../domain/session.js';
import type { ChatModel } from '../../ports/chat-model.js';
import type { SessionService } from '../sessions/session-service.js';

const titleSchema = z.object({ title: z.string().trim().min(1).max(80) });
const MAX_FALLBACK = 60;

/** The first words of the first message, when the model cannot name the session. */
export function fallbackTitle(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_FALLBACK ? flat : `${flat.slice(0, MAX_FALLBACK - 1).trimEnd()}…`;
}

/** Names a session from its first exchange, off the reply path, so session lists read well. */
export class SessionTitler {
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: { llm: ChatModel; sessions: SessionService; model: string; logger: Logger },
  ) {}

  name(session: Session, question: string, answer: string): void {
    if (this.running.has(session.id)) return;
    const job = this.deps.sessions
      .get(session.userId, session.id)
      .then(async (current) => {
        // Another turn of the same session may have named it since this one started.
        if (current.title !== null) return;
        await this.deps.sessions.setTitle(session.id, await this.title(question, answer));
      })
      .catch((error: unknown) =>
        this.deps.logger.warn({ err: error, sessionId: session.id }, 'session title failed'),
      )
      .finally(() => this.running.delete(session.id));
    this.running.set(session.id, job);
  }

  async idle(sessionId?: string): Promise<void> {
    await Promise.all(sessionId ? [this.running.get(sessionId)] : [...this.running.values()]);
  }

  private async title(question: string, answer: string): Promise<string> {
    try {
      const { value } = await this.deps.llm.completeJson({
        name: 'session title',
        schema: titleSchema,
        model: this.deps.model,
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
  }
}
