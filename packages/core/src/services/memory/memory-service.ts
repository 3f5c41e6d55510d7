import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { MemoryItem, UserContext } from '../../domain/memory-item.js';
import { ParleyError } from '../../errors/parley-error.js';
import type { Cache } from '../../ports/cache.js';
import type { Clock } from '../../ports/clock.js';
import type { Store } from '../../ports/store.js';
import type { MemoryChange } from '../chat/chat-events.js';
import { validate } from '../validate.js';
import { forgetMatches } from './forget-matches.js';
import type { MemoryCandidate } from './memory-statement.js';

/** Where an item was learned; null for both when the user wrote it directly. */
export interface MemorySource {
  sessionId: string | null;
  messageId: string | null;
}

const CACHE_TTL_MS = 15 * 60_000;
const valueInput = z.object({ value: z.string().trim().min(1).max(500) });
const switchInput = z.object({ personalization: z.boolean() });

/**
 * What a change leaves in the cache in place of the user's memory: a miss, unique to the change,
 * so that a read of the store begun before it cannot fill the cache afterwards (`Cache.swap`).
 */
interface ChangeMark {
  changed: string;
}

/** The cache key of a user's memory: one entry per user, replaced by a `ChangeMark` on every change. */
export const userContextKey = (userId: string): string => `user_context:${userId}`;

/**
 * Per-user memory (R9): what Parley learned about a user, which the user can list, edit and delete,
 * and a switch that stops learning and applying it. The database is the truth; the cache entry is
 * replaced by a change mark after every change, before the change is announced, and a read fills
 * it only over what it found missing. Every read is scoped by user id.
 */
export class MemoryService {
  constructor(
    private readonly deps: {
      store: Store;
      cache: Cache;
      clock: Clock;
      logger?: Logger;
      /**
       * Called before items are deleted (`all`: every item of the user), to take back what they
       * seeded elsewhere (requirement defaults); when it throws, nothing is deleted.
       */
      onForget?: (userId: string, items: MemoryItem[] | 'all') => Promise<void>;
      /** Called after each change (publish `memory_updated`); must not throw. */
      onChanged?: (event: {
        userId: string;
        change: MemoryChange;
        item: MemoryItem | null;
        personalization: boolean;
      }) => void;
    },
  ) {}

  /** The user's items (oldest first) and whether personalization is on; cached. */
  async context(userId: string): Promise<UserContext> {
    const key = userContextKey(userId);
    const cached = await this.deps.cache.get<UserContext | ChangeMark>(key);
    if (cached && 'items' in cached) return { ...cached, items: cached.items.map(revive) };
    const context = await this.deps.store.memory.context(userId);
    // Filled only over what the miss found (nothing, or a change's mark): a change that lands while
    // the store is read leaves a new mark, so this older read is not cached over it.
    await this.deps.cache.swap(key, cached, context, CACHE_TTL_MS);
    return context;
  }

  /** The user's items, oldest first. */
  async list(userId: string): Promise<MemoryItem[]> {
    return (await this.context(userId)).items;
  }

  /** Replaces an item's value; `NOT_FOUND` when the user has no such item. */
  async update(userId: string, id: string, input: { value: string }): Promise<MemoryItem> {
    const { value } = validate(valueInput, input);
    const item = await this.deps.store.memory.update(userId, id, value, this.deps.clock.now());
    if (!item) throw new ParleyError('NOT_FOUND', 'No such memory item.', { id });
    await this.changed(userId, 'edited', item);
    return item;
  }

  /** Deletes one item; `NOT_FOUND` when the user has no such item. */
  async delete(userId: string, id: string): Promise<void> {
    const item = await this.deps.store.memory.findById(userId, id);
    if (!item) throw new ParleyError('NOT_FOUND', 'No such memory item.', { id });
    await this.deps.onForget?.(userId, [item]);
    if (!(await this.deps.store.memory.delete(userId, id))) {
      throw new ParleyError('NOT_FOUND', 'No such memory item.', { id });
    }
    await this.changed(userId, 'forgotten', item);
  }

  /** Deletes every item of the user; returns how many there were. */
  async deleteAll(userId: string): Promise<number> {
    await this.deps.onForget?.(userId, 'all');
    const removed = await this.deps.store.memory.deleteAll(userId);
    await this.changed(userId, 'cleared', null);
    return removed;
  }

  /** Switches learning and applying memory off or on for the user; items are kept either way. */
  async setPersonalization(userId: string, input: { personalization: boolean }): Promise<UserContext> {
    const { personalization } = validate(switchInput, input);
    await this.deps.store.memory.setPersonalization(userId, personalization, this.deps.clock.now());
    await this.changed(userId, 'personalization', null);
    return this.context(userId);
  }

  /** Stores what was learned (same kind and key replaces); each stored item is announced. */
  async remember(userId: string, candidates: MemoryCandidate[], source: MemorySource): Promise<MemoryItem[]> {
    const stored: MemoryItem[] = [];
    for (const candidate of candidates) {
      const at = this.deps.clock.now();
      const item = await this.deps.store.memory.upsert({
        id: randomUUID(),
        userId,
        ...candidate,
        sourceSessionId: source.sessionId,
        sourceMessageId: source.messageId,
        createdAt: at,
        updatedAt: at,
      });
      stored.push(item);
      await this.changed(userId, 'learned', item);
    }
    return stored;
  }

  /** Deletes the items a "forget …" request means; returns them. */
  async forget(userId: string, request: string): Promise<MemoryItem[]> {
    const matches = forgetMatches(await this.deps.store.memory.list(userId), request);
    if (matches.length > 0) await this.deps.onForget?.(userId, matches);
    for (const item of matches) {
      if (await this.deps.store.memory.delete(userId, item.id)) await this.changed(userId, 'forgotten', item);
    }
    return matches;
  }

  private async changed(userId: string, change: MemoryChange, item: MemoryItem | null): Promise<void> {
    const mark: ChangeMark = { changed: randomUUID() };
    await this.deps.cache.set(userContextKey(userId), mark, CACHE_TTL_MS);
    if (!this.deps.onChanged) return;
    try {
      const personalization = await this.deps.store.memory.personalization(userId);
      this.deps.onChanged({ userId, change, item, personalization });
    } catch (error) {
      this.deps.logger?.error({ err: error, userId }, 'memory_updated listener failed');
    }
  }
}

/** Cached items come back with their dates as strings. */
function revive(item: MemoryItem): MemoryItem {
  return { ...item, createdAt: new Date(item.createdAt), updatedAt: new Date(item.updatedAt) };
}
