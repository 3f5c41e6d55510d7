/** What a remembered item is about: a standing preference, a fact about the user's work, or how they like answers. */
export const MEMORY_KINDS = ['preference', 'fact', 'style'] as const;
export type MemoryKind = (typeof MEMORY_KINDS)[number];

/**
 * One thing Parley remembers about a user across sessions (R9.1), with the message it was learned
 * from, so the user can see where it came from and delete it.
 */
export interface MemoryItem {
  id: string;
  userId: string;
  kind: MemoryKind;
  /** Stable name within the kind (`currency`, `location`, `note:our stack is elixir`); one item per key. */
  key: string;
  value: string;
  /** The session and message it was learned from; null when the user wrote it directly. */
  sourceSessionId: string | null;
  sourceMessageId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What every turn needs of a user's memory (R9.2): the switch and the items, oldest first. */
export interface UserContext {
  personalization: boolean;
  items: MemoryItem[];
}
