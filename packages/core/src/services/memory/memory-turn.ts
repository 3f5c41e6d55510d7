import type { Logger } from 'pino';
import type { ChatModel } from '../../ports/chat-model.js';
import type { ContextSource } from '../../ports/context-source.js';
import type { AfterTurnJob } from '../chat/after-turn.js';
import type { RequirementsService } from '../requirements/requirements-service.js';
import { explicitRequests } from './explicit-requests.js';
import { profileDefaults } from './memory-defaults.js';
import { createMemoryProposer } from './memory-proposer.js';
import type { MemoryService } from './memory-service.js';
import { userMemorySource } from './user-memory-source.js';

/**
 * What user memory adds to every turn (R9): the "user memory" context source, the job that learns
 * from each user message, and the job that gives a new session the remembered requirement
 * defaults on its first message. Personalization off stops all three.
 */
export function memoryTurnParts(deps: {
  memory: MemoryService;
  requirements: RequirementsService;
  /** Proposes stable preferences; null to learn from explicit requests only. */
  llm: ChatModel | null;
  model: string;
  budgetTokens: number;
  promptBudgetTokens: number;
  logger: Logger;
}): { source: ContextSource; jobs: AfterTurnJob[] } {
  const proposer = deps.llm ? createMemoryProposer(deps.llm, deps.model) : null;
  const learn: AfterTurnJob = {
    name: 'memory-learn',
    on: 'message',
    async run({ session, userMessage, signal }) {
      const { userId } = session;
      const asked = explicitRequests(userMessage.content);
      const explicit = asked.forgetAll || asked.forget.length > 0 || asked.remember.length > 0;
      // Most messages ask nothing and state no preference: they need no read of the user's settings.
      if (!explicit && !proposer?.worthAsking(userMessage.content)) return;
      if (!(await deps.memory.context(userId)).personalization) return;
      if (asked.forgetAll) await deps.memory.deleteAll(userId);
      for (const request of asked.forget) await deps.memory.forget(userId, request);
      const source = { sessionId: session.id, messageId: userMessage.id };
      if (asked.remember.length > 0) {
        await deps.memory.remember(userId, asked.remember, source);
        return;
      }
      if (explicit || !proposer) return;
      try {
        const proposed = await proposer.propose(userMessage.content, signal);
        await deps.memory.remember(userId, proposed, source);
      } catch (error) {
        deps.logger.warn({ err: error, sessionId: session.id }, 'memory proposal failed; nothing learned');
      }
    },
  };
  const defaults: AfterTurnJob = {
    name: 'memory-defaults',
    on: 'message',
    when: ({ userMessage }) => userMessage.seq === 1,
    async run({ session }) {
      const { personalization, items } = await deps.memory.context(session.userId);
      if (!personalization) return;
      const { profile, itemIds } = profileDefaults(items);
      await deps.requirements.applyDefaults(session, profile, itemIds);
    },
  };
  return {
    source: userMemorySource({
      memory: deps.memory,
      budgetTokens: deps.budgetTokens,
      promptBudgetTokens: deps.promptBudgetTokens,
    }),
    jobs: [learn, defaults],
  };
}
