import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Message } from '../../domain/message.js';
import type { Provenance, ProvenanceSource, Sourced } from '../../domain/requirements/provenance.js';
import {
  LIST_FIELDS,
  plainProfileSchema,
  profileFieldSchema,
  toPlainProfile,
  type PlainProfile,
  type ProfileField,
} from '../../domain/requirements/requirement-profile.js';
import {
  emptyRequirementsState,
  type RequirementsState,
} from '../../domain/requirements/requirements-state.js';
import type {
  RequirementChange,
  RequirementsVersion,
} from '../../domain/requirements/requirements-version.js';
import type { Session } from '../../domain/session.js';
import { ParleyError } from '../../errors/parley-error.js';
import type { ChatModel } from '../../ports/chat-model.js';
import type { Clock } from '../../ports/clock.js';
import type { Store } from '../../ports/store.js';
import type { SessionService } from '../sessions/session-service.js';
import { validate } from '../validate.js';
import { mergeModelConflicts } from './conflicts/merge-model-conflicts.js';
import { evaluateRequirements, type RequirementsPolicy } from './evaluate-requirements.js';
import { applyExtraction, type MessageExtraction } from './merge/apply-extraction.js';
import { sameValue } from './merge/same-value.js';
import { createModelExtractor, type ModelExtraction, type ModelExtractor } from './model-extractor.js';
import { createRuleExtractor, type RuleExtractor } from './rule-extractor.js';
import type { BriefInput } from './session-brief.js';
import { WARM_UP_SENTENCES } from './warm-up-sentences.js';
import { KeyedChain } from '../../shared/keyed-chain.js';

/** The requirements of a session as every surface returns them (REST body, socket ack, event). */
export type RequirementsView = BriefInput;

/** Published after every stored change, for the `requirements_updated` session event. */
export interface RequirementsChange extends RequirementsView {
  sessionId: string;
  userId: string;
}

/** A user edit: `set` field values (which locks them), `unlock` fields, against `version`. */
export interface RequirementsUpdate {
  version: number;
  set?: PlainProfile;
  unlock?: ProfileField[];
}

const updateInput = z
  .object({
    version: z.number().int().min(0),
    set: plainProfileSchema.default({}),
    unlock: z.array(profileFieldSchema).default([]),
  })
  .refine((u) => Object.keys(u.set).length > 0 || u.unlock.length > 0, 'set or unlock at least one field');
const versionsPage = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const SAVE_ATTEMPTS = 3;
/** Sessions whose latest state this process keeps for the next write's first try. */
const SEEN_SESSIONS = 10_000;
/**
 * How long a state read or saved here stays a write's first try: about as old as the state an
 * extraction already saves against after its model call. Another process's change in that time
 * costs one conflict (and, for a change that is a no-op against the older state, is not redone).
 */
const SEEN_TTL_MS = 60_000;
const SESSION_PAGE = 200;

/** A change to a session's requirements: the state after it and why, or undefined for none. */
type StateChange = (
  state: RequirementsState,
  at: Date,
) => { state: RequirementsState; changes: RequirementChange[]; reason: string } | undefined;

/** Which memory value of a profile field (one entry, for list fields) to remove, by its provenance. */
export type MemoryValuePicker = (field: ProfileField, value: unknown, provenance: Provenance) => boolean;

/**
 * The living hiring profile of each session (R7, issue 10): rule and model extraction merged,
 * conflicts and clarifying questions kept current, every change a stored version. Another
 * user's session reads as `SESSION_NOT_FOUND`, as everywhere.
 */
export class RequirementsService {
  private readonly rules: RuleExtractor;
  private readonly model: ModelExtractor | undefined;
  /**
   * The state and version this process last read or saved per session: the brief reads it as the
   * turn starts, and the turn's extraction and question marks try their writes against it without
   * reading again. Views (`get`, `state`) always read the store.
   */
  private readonly seen: LRUCache<string, [RequirementsState, number]>;
  /**
   * Each session's last write in this process: the next waits for it, so a turn's own writes (its
   * extraction, its questions marked asked, a user's edit) never conflict with each other; only
   * another process's write costs a conflict and a re-read.
   */
  private readonly writes = new KeyedChain();

  constructor(
    private readonly deps: {
      store: Store;
      sessions: SessionService;
      clock: Clock;
      policy: RequirementsPolicy;
      /** The model extractor's model; without one the rules alone keep the profile current. */
      model?: ChatModel | null;
      /** How many recent messages the model sees (`REQUIREMENTS_MODEL_MESSAGES`). */
      modelMessages?: number;
      logger?: Logger;
      /** Called after each stored change (publish `requirements_updated`); must not throw. */
      onUpdated?: (change: RequirementsChange) => void;
    },
  ) {
    this.seen = new LRUCache({
      max: SEEN_SESSIONS,
      ttl: SEEN_TTL_MS,
      perf: { now: () => deps.clock.now().getTime() },
    });
    this.rules = createRuleExtractor();
    this.model = deps.model ? createModelExtractor(deps.model) : undefined;
  }

  /**
   * How many of the session's newest messages an extraction shows the model (0 without one): a
   * caller that reads them anyway hands them to `extract` as `recent`, which then reads nothing.
   */
  get transcriptSize(): number {
    return this.model ? (this.deps.modelMessages ?? 6) : 0;
  }

  /**
   * Runs the rule extractor over a few varied sentences, one per turn of the event loop, so that its
   * language and date libraries set themselves up (about 0.4 s of CPU on first use) before the first
   * answer instead of in the middle of it. `parley serve` and the in-process `parley chat` call it
   * once they are up; an app embedding the core may do the same. Never rejects: a failure is logged.
   */
  async warmUp(): Promise<void> {
    const at = this.deps.clock.now();
    try {
      for (const sentence of WARM_UP_SENTENCES) {
        await new Promise((resolve) => setImmediate(resolve));
        this.rules.extract(sentence, at);
      }
    } catch (error) {
      this.deps.logger?.warn({ err: error }, 'warming up the rule extractor failed');
    }
  }

  /** The current profile, conflicts, questions and version (version 0 before any change). */
  async get(userId: string, sessionId: string): Promise<RequirementsView> {
    // The ownership check and the read go together; a refused check wins over the read's outcome
    // and nothing read is returned.
    const [owned, loaded] = await Promise.allSettled([
      this.deps.sessions.get(userId, sessionId),
      this.load(sessionId),
    ]);
    if (owned.status === 'rejected') throw owned.reason;
    if (loaded.status === 'rejected') throw loaded.reason;
    return this.view(...loaded.value);
  }

  /**
   * The current view for a turn's prompt (the session brief): the chat service checked the turn's
   * session and its owner as the turn began, so this reads the profile without checking again.
   */
  async forTurn(sessionId: string): Promise<RequirementsView> {
    return this.view(...(await this.load(sessionId)));
  }

  /** The whole stored state (with locks and restatements), for the offline intake model to extend. */
  async state(userId: string, sessionId: string): Promise<RequirementsState> {
    await this.deps.sessions.get(userId, sessionId);
    return (await this.load(sessionId))[0];
  }

  /** The version history, oldest first. */
  async versions(
    userId: string,
    sessionId: string,
    page: z.input<typeof versionsPage> = {},
  ): Promise<RequirementsVersion[]> {
    await this.deps.sessions.get(userId, sessionId);
    return this.deps.store.requirements.versions(sessionId, validate(versionsPage, page));
  }

  /**
   * A user edit: set fields win and stay locked against extraction until unlocked. A stale
   * `version` fails with `VERSION_CONFLICT` (details.currentVersion) and changes nothing.
   */
  async update(userId: string, sessionId: string, input: RequirementsUpdate): Promise<RequirementsView> {
    const edit = validate(updateInput, input);
    const session = await this.deps.sessions.get(userId, sessionId);
    const [current] = await this.load(sessionId);
    const at = this.deps.clock.now();
    const state: RequirementsState = structuredClone(current);
    const changes: RequirementChange[] = [];
    const profile = state.profile as Record<ProfileField, unknown>;
    for (const [field, value] of Object.entries(edit.set) as [ProfileField, unknown][]) {
      const provenance = { source: 'user' as const, at: at.toISOString() };
      const before = profile[field];
      profile[field] = (LIST_FIELDS as readonly string[]).includes(field)
        ? (value as unknown[]).map((item) => ({ value: item, provenance }))
        : { value, provenance };
      if (!state.locks.includes(field)) state.locks.push(field);
      state.restated = state.restated.filter((r) => r.field !== field);
      changes.push({
        field,
        before: plainOf(before),
        after: value,
        source: 'user',
        reason: 'edited by the user',
      });
    }
    for (const field of edit.unlock) {
      if (!state.locks.includes(field)) continue;
      state.locks = state.locks.filter((f) => f !== field);
      changes.push({
        field: 'locks',
        before: field,
        after: undefined,
        source: 'user',
        reason: `${field} unlocked by the user`,
      });
    }
    const next = evaluateRequirements(state, this.deps.policy, at);
    return this.save(session, edit.version, next, changes, 'edited by the user', at);
  }

  /** The user dismisses a question; a conflict's question also closes the conflict as accepted. */
  async dismiss(userId: string, sessionId: string, questionId: string): Promise<RequirementsView> {
    const session = await this.deps.sessions.get(userId, sessionId);
    const dismissed = await this.retry(session, (state, at) => {
      const question = state.questions.find((q) => q.id === questionId);
      if (!question) throw new ParleyError('NOT_FOUND', 'No such question in this session.', { questionId });
      if (question.state === 'dismissed') return undefined;
      const iso = at.toISOString();
      const questions = state.questions.map((q) =>
        q.id === questionId ? { ...q, state: 'dismissed' as const, updatedAt: iso } : q,
      );
      const conflicts = state.conflicts.map((c) =>
        c.id === question.conflictId && c.state === 'open'
          ? { ...c, state: 'resolved' as const, resolution: 'dismissed' as const, resolvedAt: iso }
          : c,
      );
      return {
        state: { ...state, questions, conflicts },
        changes: [
          {
            field: 'questions',
            before: question.state,
            after: 'dismissed',
            source: 'user',
            reason: `question ${questionId} dismissed`,
          },
        ],
        reason: 'question dismissed by the user',
      };
    });
    return dismissed ?? this.view(...(await this.load(sessionId)));
  }

  /**
   * Reads the new user messages with the rules and, when configured, the model; merges; stores a
   * version only when something changed. A model failure leaves the rules' reading alone.
   * Returns the new requirements, or undefined when nothing changed. `recent`, the session's newest
   * `transcriptSize` messages when the caller has read them, spares the model's transcript a read.
   */
  async extract(input: {
    session: Session;
    messages: Message[];
    recent?: Message[];
  }): Promise<RequirementsView | undefined> {
    const messages = input.messages.filter((m) => m.role === 'user').sort((a, b) => a.seq - b.seq);
    if (messages.length === 0) return undefined;
    const at = this.deps.clock.now();
    const extractions: MessageExtraction[] = messages.map((m) => ({
      message: { id: m.id, seq: m.seq, content: m.content },
      rule: this.rules.extract(m.content, at),
    }));
    const loaded = this.seen.get(input.session.id) ?? (await this.load(input.session.id));
    const proposal = await this.proposeWithModel(input.session.id, loaded[0], messages, input.recent);
    return this.retry(
      input.session,
      (state) => {
        const merged = applyExtraction(state, {
          messages: extractions,
          ...(proposal ? { model: proposal.extraction } : {}),
          at,
        });
        let next = merged.state;
        if (proposal)
          next = {
            ...next,
            conflicts: mergeModelConflicts(next.conflicts, proposal.extraction.conflicts, proposal.shown, at),
          };
        next = evaluateRequirements(next, this.deps.policy, at);
        const disagreements: RequirementChange[] = merged.disagreements.map((d) => ({
          field: d.field,
          before: d.rule,
          after: d.model,
          source: d.used,
          reason: `rule and model disagreed about message ${d.seq}; used the ${d.used}'s reading`,
          seq: d.seq,
        }));
        const seqs = messages.map((m) => m.seq).join(', ');
        return {
          state: next,
          changes: [...merged.changes, ...disagreements],
          reason: `extracted from message ${seqs}`,
        };
      },
      at,
      loaded,
    );
  }

  /**
   * Fills the session's empty, unlocked fields with the user's remembered defaults (R9.3), marked
   * `memory` (with the memory item each came from, in `itemIds`) so that any statement in the
   * session replaces them. Returns undefined when nothing changed.
   */
  async applyDefaults(
    session: Session,
    defaults: PlainProfile,
    itemIds: Partial<Record<ProfileField, string>> = {},
  ): Promise<RequirementsView | undefined> {
    const fields = Object.entries(validate(plainProfileSchema, defaults)) as [ProfileField, unknown][];
    if (fields.length === 0) return undefined;
    return this.retry(session, (current, at) => {
      const state: RequirementsState = structuredClone(current);
      const profile = state.profile as Record<ProfileField, unknown>;
      const changes: RequirementChange[] = [];
      for (const [field, value] of fields) {
        const item = itemIds[field];
        const provenance = {
          source: 'memory' as const,
          at: at.toISOString(),
          ...(item ? { memoryItemId: item } : {}),
        };
        const list = (LIST_FIELDS as readonly string[]).includes(field);
        const empty = list ? (profile[field] as unknown[]).length === 0 : profile[field] === undefined;
        if (!empty || state.locks.includes(field)) continue;
        profile[field] = list
          ? (value as unknown[]).map((item) => ({ value: item, provenance }))
          : { value, provenance };
        changes.push({
          field,
          before: undefined,
          after: value,
          source: 'memory',
          reason: 'remembered default',
        });
      }
      if (changes.length === 0) return undefined;
      return {
        state: evaluateRequirements(state, this.deps.policy, at),
        changes,
        reason: 'defaults from the user memory',
      };
    });
  }

  /**
   * Removes, from every session profile of the user, the values still marked `memory` that
   * `picks` selects (R9.3): forgetting a memory item takes back the defaults it gave, while values
   * the user or the conversation set since stay. Returns how many sessions changed.
   */
  async dropMemoryValues(userId: string, picks: MemoryValuePicker): Promise<number> {
    const sessions: Session[] = [];
    for (let offset = 0; ; offset += SESSION_PAGE) {
      const page = await this.deps.store.sessions.list({
        userId,
        idleCutoff: this.deps.clock.now(),
        limit: SESSION_PAGE,
        offset,
      });
      sessions.push(...page);
      if (page.length < SESSION_PAGE) break;
    }
    let changed = 0;
    for (const session of sessions) {
      const done = await this.retry(session, (current, at) => {
        const state: RequirementsState = structuredClone(current);
        const profile = state.profile as Record<string, unknown>;
        const changes: RequirementChange[] = [];
        const seeded = (field: ProfileField, entry: Sourced<unknown>) =>
          entry.provenance.source === 'memory' && picks(field, entry.value, entry.provenance);
        for (const [field, entry] of Object.entries(profile) as [ProfileField, unknown][]) {
          if (Array.isArray(entry)) {
            const kept = (entry as Sourced<unknown>[]).filter((e) => !seeded(field, e));
            if (kept.length === entry.length) continue;
            profile[field] = kept;
            changes.push(forgotten(field, plainOf(entry), plainOf(kept)));
          } else if (entry && seeded(field, entry as Sourced<unknown>)) {
            delete profile[field];
            changes.push(forgotten(field, plainOf(entry), undefined));
          }
        }
        if (changes.length === 0) return undefined;
        return {
          state: evaluateRequirements(state, this.deps.policy, at),
          changes,
          reason: 'defaults of forgotten user memory removed',
        };
      });
      if (done) changed += 1;
    }
    return changed;
  }

  /**
   * Marks questions as asked once an answer carried them (called by the turn, not a user, with the
   * turn's session). A session deleted meanwhile has nothing left to mark.
   */
  async markAsked(session: Session, questionIds: readonly string[]): Promise<void> {
    if (questionIds.length === 0) return;
    const seen = this.seen.get(session.id);
    await this.retry(
      session,
      (state, at) => {
        const ids = new Set(questionIds);
        const asked = state.questions.filter((q) => ids.has(q.id) && q.state === 'open');
        if (asked.length === 0) return undefined;
        const iso = at.toISOString();
        return {
          state: {
            ...state,
            questions: state.questions.map((q) =>
              asked.includes(q) ? { ...q, state: 'asked' as const, updatedAt: iso } : q,
            ),
          },
          changes: [
            {
              field: 'questions',
              before: 'open',
              after: 'asked',
              source: 'system',
              reason: `asked: ${asked.map((q) => q.id).join(', ')}`,
            },
          ],
          reason: 'questions asked in an answer',
        };
      },
      this.deps.clock.now(),
      seen,
    ).catch((error: unknown) => {
      if (!ParleyError.is(error, 'SESSION_NOT_FOUND')) throw error;
    });
  }

  private async proposeWithModel(
    sessionId: string,
    state: RequirementsState,
    messages: Message[],
    given: Message[] | undefined,
  ): Promise<{ extraction: ModelExtraction; shown: Set<number> } | undefined> {
    if (!this.model) return undefined;
    try {
      const recent =
        given ??
        (await this.deps.store.messages.page(sessionId, { limit: this.transcriptSize, order: 'desc' }));
      const shown = new Map([...recent, ...messages].map((m) => [m.seq, m] as const));
      const transcript = [...shown.values()].sort((a, b) => a.seq - b.seq);
      const extraction = await this.model.propose({
        profile: state.profile,
        messages: transcript.map((m) => ({ seq: m.seq, role: m.role, content: m.content })),
        newSeqs: messages.map((m) => m.seq),
      });
      return { extraction, shown: new Set(shown.keys()) };
    } catch (error) {
      this.deps.logger?.warn(
        { err: error, sessionId },
        'model extraction failed; using the rule extractor alone',
      );
      return undefined;
    }
  }

  /**
   * Applies `change` to the stored state and saves it, after this process's earlier writes to the
   * session; when another process got there first, re-reads and applies again. `undefined` from
   * `change` = no-op. `loaded`, a state the caller read already, is tried first unless a write here
   * has saved a newer one meanwhile: a stale one only costs the conflict.
   */
  private retry(
    session: Session,
    change: StateChange,
    at: Date = this.deps.clock.now(),
    loaded?: [RequirementsState, number],
  ): Promise<RequirementsView | undefined> {
    return this.writes.run([session.id], () => this.apply(session, change, at, loaded));
  }

  private async apply(
    session: Session,
    change: StateChange,
    at: Date,
    loaded?: [RequirementsState, number],
  ): Promise<RequirementsView | undefined> {
    const kept = this.seen.get(session.id);
    const first = loaded && kept && kept[1] > loaded[1] ? kept : loaded;
    for (let attempt = 1; ; attempt += 1) {
      const [current, version] = attempt === 1 && first ? first : await this.load(session.id);
      const next = change(current, at);
      if (!next || sameValue(withoutTimes(next.state), withoutTimes(current))) return undefined;
      try {
        return await this.save(session, version, next.state, next.changes, next.reason, at);
      } catch (error) {
        if (!ParleyError.is(error, 'VERSION_CONFLICT') || attempt >= SAVE_ATTEMPTS) throw error;
      }
    }
  }

  private async save(
    session: Session,
    expectedVersion: number,
    state: RequirementsState,
    changes: RequirementChange[],
    reason: string,
    at: Date,
  ): Promise<RequirementsView> {
    const by = [...new Set(changes.map((c) => c.source))] as (ProvenanceSource | 'system')[];
    const stored = await this.deps.store.requirements.save({
      sessionId: session.id,
      expectedVersion,
      state,
      by,
      reason,
      changes,
      at,
    });
    this.remember(session.id, stored.state, stored.version);
    const view = this.view(stored.state, stored.version);
    try {
      this.deps.onUpdated?.({ sessionId: session.id, userId: session.userId, ...view });
    } catch (error) {
      this.deps.logger?.error({ err: error, sessionId: session.id }, 'requirements_updated listener failed');
    }
    return view;
  }

  /** The stored state and version, or the evaluated empty state at version 0. */
  private async load(sessionId: string): Promise<[RequirementsState, number]> {
    const stored = await this.deps.store.requirements.get(sessionId);
    const loaded: [RequirementsState, number] = stored
      ? [stored.state, stored.version]
      : [evaluateRequirements(emptyRequirementsState(), this.deps.policy, this.deps.clock.now()), 0];
    this.remember(sessionId, ...loaded);
    return loaded;
  }

  /**
   * Keeps a private copy of a state read or saved (what `get` returns is the caller's to change), and
   * never an older version than the one kept: a read that began before a save and ended after it
   * must not put the older state back. A version already kept is not copied again (every turn's
   * brief reads the profile; a version's state never changes).
   */
  private remember(sessionId: string, state: RequirementsState, version: number): void {
    const kept = this.seen.get(sessionId);
    if (kept && kept[1] >= version) return;
    this.seen.set(sessionId, [structuredClone(state), version]);
  }

  private view(state: RequirementsState, version: number): RequirementsView {
    return { profile: state.profile, conflicts: state.conflicts, questions: state.questions, version };
  }
}

function forgotten(field: ProfileField, before: unknown, after: unknown): RequirementChange {
  return { field, before, after, source: 'memory', reason: 'memory item forgotten' };
}

/** The state without timestamps, to tell a real change from a re-evaluation of the same facts. */
function withoutTimes(state: RequirementsState): unknown {
  return {
    ...state,
    profile: toPlainProfile(state.profile),
    conflicts: state.conflicts.map(({ id, state: s, message }) => ({ id, s, message })),
    questions: state.questions.map(({ id, state: s, text }) => ({ id, s, text })),
  };
}

function plainOf(entry: unknown): unknown {
  if (Array.isArray(entry)) return entry.map((e: { value: unknown }) => e.value);
  return (entry as { value?: unknown } | undefined)?.value;
}
