import type { MemoryItem, UserContext } from '../../domain/memory-item.js';
import type { ContextSource } from '../../ports/context-source.js';
import { CONTEXT_ORDER, MESSAGE_OVERHEAD } from '../chat/context-builder.js';
import type { MemoryService } from './memory-service.js';

const HEADER =
  'What you remember about this user from earlier sessions (apply it unless they say otherwise now; they can ask you to forget it):';
const KIND_RANK = { preference: 0, style: 1, fact: 2 } as const;

/** One line per item: defaults by name, notes as the user's words. */
export function memoryLine(item: MemoryItem): string {
  return item.key.startsWith('note:') ? `- ${item.value}` : `- ${item.key.replace('_', ' ')}: ${item.value}`;
}

/**
 * The "user memory" context source (R9.3): the user's remembered items in every turn, preferences
 * first and the newest of each kind first, as many as fit `budgetTokens`. Nothing when
 * personalization is off. The items are read as the turn starts (`prepare`), beside the message's
 * write: they do not depend on it, and a read queued behind the write under a burst could outlast
 * the sources' time limit and leave the memory out of the prompt.
 */
export function userMemorySource(deps: {
  memory: MemoryService;
  budgetTokens: number;
  promptBudgetTokens: number;
}): ContextSource<UserContext> {
  return {
    name: 'user-memory',
    order: CONTEXT_ORDER.memory,
    budgetShare: Math.min(1, deps.budgetTokens / Math.max(1, deps.promptBudgetTokens)),
    prepare: ({ userId }) => deps.memory.context(userId),
    async build({ userId, budgetTokens, countTokens, prepared }) {
      const { personalization, items } = await (prepared ?? deps.memory.context(userId));
      if (!personalization || items.length === 0) return null;
      const ordered = [...items].sort(
        (a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || b.updatedAt.getTime() - a.updatedAt.getTime(),
      );
      const lines: string[] = [];
      let tokens = countTokens(HEADER) + MESSAGE_OVERHEAD;
      for (const item of ordered) {
        const line = memoryLine(item);
        const cost = countTokens(`\n${line}`);
        if (tokens + cost > budgetTokens) continue;
        lines.push(line);
        tokens += cost;
      }
      if (lines.length === 0) return null;
      return { messages: [{ role: 'system', content: [HEADER, ...lines].join('\n') }], tokens };
    },
  };
}
