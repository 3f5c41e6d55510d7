import { z } from 'zod';
import { MEMORY_KINDS } from '../../domain/memory-item.js';
import type { ChatModel } from '../../ports/chat-model.js';
import { noteKey, words, type MemoryCandidate } from './memory-statement.js';

const proposalSchema = z.object({
  items: z
    .array(
      z.object({
        kind: z.enum(MEMORY_KINDS),
        value: z.string().trim().min(1).max(300),
        /** The user's own words that state it; proposals without them are dropped. */
        quote: z.string().trim().min(1).max(500),
      }),
    )
    .max(5),
});

// Only a message that sounds like a standing statement is worth a model call.
const STANDING =
  /\b(?:always|usually|generally|in general|typically|by default|we prefer|i prefer|our (?:team|company|stack|budget|office)|we(?: are|'re) (?:based|located)|we (?:use|work|hire))\b/i;

const INSTRUCTIONS = [
  'You read one message a recruiter wrote to a hiring assistant.',
  'List only standing preferences or facts about the recruiter or their company that hold beyond this one role',
  '(e.g. "we always pay in EUR", "our stack is Elixir", "keep answers short").',
  'Never list details of the current request. Quote the exact words of the message that state each item.',
  'Reply as JSON: {"items": [{"kind": "preference"|"fact"|"style", "value": "...", "quote": "..."}]}',
].join(' ');

/**
 * Stable preferences the model finds in a user message (R9.1), kept only when the quoted words
 * are really in the message: the user stated them, the model did not infer them.
 */
export function createMemoryProposer(llm: ChatModel, model: string) {
  return {
    /** Cheap check: does the message sound like a standing statement at all? */
    worthAsking: (message: string): boolean => STANDING.test(message),
    async propose(message: string, signal: AbortSignal): Promise<MemoryCandidate[]> {
      const { value } = await llm.completeJson({
        name: 'user memory',
        schema: proposalSchema,
        model,
        signal,
        messages: [
          { role: 'system', content: INSTRUCTIONS },
          { role: 'user', content: message.slice(0, 4_000) },
        ],
      });
      const said = ` ${words(message).join(' ')} `;
      return value.items
        .filter((item) => words(item.quote).length > 0 && said.includes(` ${words(item.quote).join(' ')} `))
        .map((item) => ({ kind: item.kind, key: noteKey(item.value), value: item.value }));
    },
  };
}
