import { emptyProfile } from '@parley/core/requirements';
import {
  ParleyError,
  type MemoryItem,
  type RequirementsView,
  type SearchIntent,
  type SearchRun,
  type UserContext,
} from '@parley/core';
import type {
  ChatBackend,
  ChatBackendEvent,
  ChatMessage,
  ChatSession,
  RequirementsEdit,
  SessionView,
} from '../../src/chat/chat-backend.js';

/** Requirements with nothing stated, at `version`. */
export function emptyRequirements(version = 0): RequirementsView {
  return { profile: emptyProfile(), conflicts: [], questions: [], version };
}

/** A session for screens under test; ids are fixed so frames can be asserted. */
export function fakeSession(id: string, overrides: Partial<ChatSession> = {}): ChatSession {
  return {
    id,
    title: null,
    status: 'active',
    lastSeq: 0,
    lastActivityAt: new Date('2026-03-01T10:00:00Z'),
    ...overrides,
  };
}

export function fakeMessage(
  seq: number,
  role: ChatMessage['role'],
  content: string,
  extra: Partial<ChatMessage> = {},
): ChatMessage {
  return { id: `m${seq}`, seq, role, content, status: 'complete', usage: null, toolCalls: null, ...extra };
}

/** A chat backend in memory that records what the screen asked for and lets the test play the server. */
export class FakeChatBackend implements ChatBackend {
  readonly where = 'fake';
  readonly model = 'test-model';
  readonly sent: Array<{ sessionId: string; content: string }> = [];
  /** Turns the screen asked to stop, in order. */
  readonly cancelled: Array<{ sessionId: string; turnId: string }> = [];
  readonly views = new Map<string, SessionView>();
  private readonly listeners = new Set<{ sessionId: string; listener: (event: ChatBackendEvent) => void }>();
  /** When set, `send` / `create` reject with it (a session that ended, a server gone). */
  failSend: ParleyError | null = null;
  failCreate: ParleyError | null = null;
  private created = 0;
  /** What `requirements()` answers; edits and dismissals replace it with `nextRequirements` when set. */
  requirementsView: RequirementsView = emptyRequirements();
  nextRequirements: RequirementsView | null = null;
  readonly edits: Array<{ sessionId: string; edit: RequirementsEdit }> = [];
  readonly dismissed: Array<{ sessionId: string; questionId: string }> = [];
  /** What `search()` answers (its `intent` and `query` are taken from the call). */
  searchRun: SearchRun | null = null;
  readonly searchCalls: Array<{ sessionId: string; intent?: SearchIntent; query?: string }> = [];
  readonly kept: Array<{ sessionId: string; searchId: string; url: string }> = [];
  /** What Parley remembers: `forgetMemory` removes from it, `setPersonalization` flips the switch. */
  memoryItems: MemoryItem[] = [];
  personalization = true;
  readonly forgotten: string[] = [];
  private readonly learners = new Set<(item: MemoryItem) => void>();

  add(view: SessionView): this {
    this.views.set(view.session.id, view);
    return this;
  }

  /** Plays a `memory_updated` (learned) event for `item` to everyone watching what is learned. */
  learn(item: MemoryItem): void {
    for (const listener of this.learners) listener(item);
  }

  /** Plays an event to everyone watching `sessionId`. */
  emit(sessionId: string, event: ChatBackendEvent): void {
    for (const entry of this.listeners) if (entry.sessionId === sessionId) entry.listener(event);
  }

  async sessions(status: ChatSession['status']): Promise<ChatSession[]> {
    return [...this.views.values()]
      .map((view) => view.session)
      .filter((session) => session.status === status);
  }

  async open(sessionId: string): Promise<SessionView> {
    const view = await this.read(sessionId);
    if (view.session.status === 'expired') throw new ParleyError('SESSION_EXPIRED', 'This session expired.');
    return view;
  }

  async read(sessionId: string): Promise<SessionView> {
    const view = this.views.get(sessionId);
    if (!view) throw new ParleyError('SESSION_NOT_FOUND', 'Session not found.');
    return view;
  }

  async create(): Promise<ChatSession> {
    if (this.failCreate) throw this.failCreate;
    this.created += 1;
    const session = fakeSession(`new${this.created}0000-0000-4000-8000-000000000000`);
    this.add({ session, messages: [] });
    return session;
  }

  async send(sessionId: string, content: string): Promise<{ turnId: string }> {
    this.sent.push({ sessionId, content });
    if (this.failSend) throw this.failSend;
    return { turnId: `t${this.sent.length}` };
  }

  async cancel(sessionId: string, turnId: string): Promise<void> {
    this.cancelled.push({ sessionId, turnId });
  }

  async requirements(): Promise<RequirementsView> {
    return this.requirementsView;
  }

  async updateRequirements(sessionId: string, edit: RequirementsEdit): Promise<RequirementsView> {
    this.edits.push({ sessionId, edit });
    return this.advance();
  }

  async dismissQuestion(sessionId: string, questionId: string): Promise<RequirementsView> {
    this.dismissed.push({ sessionId, questionId });
    return this.advance();
  }

  private advance(): RequirementsView {
    if (this.nextRequirements) this.requirementsView = this.nextRequirements;
    return this.requirementsView;
  }

  async search(sessionId: string, input: { intent?: SearchIntent; query?: string }): Promise<SearchRun> {
    this.searchCalls.push({ sessionId, ...input });
    if (!this.searchRun) throw new ParleyError('SEARCH_NOT_CONFIGURED', 'Search is off: set TAVILY_API_KEY.');
    return { ...this.searchRun, intent: input.intent ?? 'general', query: input.query ?? null };
  }

  async searches(): Promise<SearchRun[]> {
    return this.searchRun ? [this.searchRun] : [];
  }

  async keep(sessionId: string, searchId: string, url: string): Promise<void> {
    this.kept.push({ sessionId, searchId, url });
  }

  async memory(): Promise<UserContext> {
    return { items: [...this.memoryItems], personalization: this.personalization };
  }

  async forgetMemory(id: string): Promise<void> {
    if (!this.memoryItems.some((item) => item.id === id)) {
      throw new ParleyError('NOT_FOUND', 'No such memory item.', { id });
    }
    this.forgotten.push(id);
    this.memoryItems = this.memoryItems.filter((item) => item.id !== id);
  }

  async setPersonalization(on: boolean): Promise<void> {
    this.personalization = on;
  }

  watchLearned(listener: (item: MemoryItem) => void): () => void {
    this.learners.add(listener);
    return () => this.learners.delete(listener);
  }

  subscribe(sessionId: string, listener: (event: ChatBackendEvent) => void): () => void {
    const entry = { sessionId, listener };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  async export(sessionId: string, format: 'md' | 'json'): Promise<string> {
    return format === 'json' ? JSON.stringify({ sessionId }) : `# export of ${sessionId}\n`;
  }

  async close(): Promise<void> {}
}
