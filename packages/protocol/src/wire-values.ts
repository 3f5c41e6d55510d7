import * as z from 'zod';

/** Timestamps travel as ISO 8601 strings. */
export const timestamp = z.string().meta({ format: 'date-time' });

export const userSchema = z
  .object({ id: z.string(), email: z.string(), displayName: z.string().nullable(), createdAt: timestamp })
  .meta({ id: 'User' });

export const SESSION_STATUSES = ['active', 'expired', 'closed'] as const;

export const sessionSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    title: z.string().nullable(),
    status: z.enum(SESSION_STATUSES),
    /** Sequence number of the newest message; 0 for an empty session. */
    lastSeq: z.number().int(),
    /** Search results kept in the session. */
    keptResults: z.number().int(),
    /** The messages up to this one are folded into the session's rolling summary; 0 before the first. */
    summaryToSeq: z.number().int(),
    createdAt: timestamp,
    lastActivityAt: timestamp,
    closedAt: timestamp.nullable(),
  })
  .meta({ id: 'Session' });

const toolCallSchema = z.object({ id: z.string(), name: z.string(), arguments: z.string() });

export const messageSchema = z
  .object({
    id: z.string(),
    sessionId: z.string(),
    seq: z.number().int(),
    role: z.enum(['user', 'assistant', 'system', 'tool']),
    content: z.string(),
    tokenCount: z.number().int(),
    status: z.enum(['complete', 'incomplete']),
    usage: z
      .object({
        model: z.string(),
        promptTokens: z.number(),
        completionTokens: z.number(),
        latencyMs: z.number(),
        firstTokenMs: z.number().optional(),
      })
      .nullable(),
    toolCalls: z.array(toolCallSchema).nullable(),
    toolCallId: z.string().nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'Message' });

export const MEMORY_KINDS = ['preference', 'fact', 'style'] as const;

export const memoryItemSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    kind: z.enum(MEMORY_KINDS),
    key: z.string(),
    value: z.string(),
    sourceSessionId: z.string().nullable(),
    sourceMessageId: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'MemoryItem' });

export const SEARCH_INTENTS = ['market', 'postings', 'candidates', 'general'] as const;

export const searchRunSchema = z
  .object({
    id: z.string(),
    sessionId: z.string(),
    intent: z.enum(SEARCH_INTENTS),
    query: z.string().nullable(),
    queries: z.array(z.string()),
    results: z.array(
      z.object({
        title: z.string(),
        url: z.string(),
        content: z.string(),
        score: z.number(),
        reasons: z.object({ matched: z.array(z.string()), missing: z.array(z.string()), stale: z.boolean() }),
        publishedAt: z.string().optional(),
      }),
    ),
    fromCache: z.boolean(),
    degraded: z.boolean(),
    stale: z.boolean(),
    reason: z.string().optional(),
    createdAt: timestamp,
  })
  .meta({ id: 'SearchRun' });

export const keptResultSchema = z
  .object({
    sessionId: z.string(),
    searchId: z.string(),
    url: z.string(),
    title: z.string(),
    content: z.string(),
    keptAt: timestamp,
  })
  .meta({ id: 'KeptResult' });

/**
 * Profile, conflicts and questions as the core's requirement schemas define them (docs/requirements.md);
 * the wire keeps them open objects so the protocol carries no copy of the domain's field rules.
 */
const requirementsDetail = z.record(z.string(), z.unknown());

export const requirementsViewSchema = z
  .object({
    profile: requirementsDetail,
    conflicts: z.array(requirementsDetail),
    questions: z.array(requirementsDetail),
    /** 0 before any change. */
    version: z.number().int(),
  })
  .meta({ id: 'RequirementsView' });

export const requirementsVersionSchema = z
  .object({
    sessionId: z.string(),
    version: z.number().int(),
    by: z.array(z.string()),
    reason: z.string(),
    changes: z.array(requirementsDetail),
    state: requirementsDetail,
    createdAt: timestamp,
  })
  .meta({ id: 'RequirementsVersion' });

export const MEMORY_CHANGES = ['learned', 'edited', 'forgotten', 'cleared', 'personalization'] as const;

/** What Parley remembers about a user and whether personalization is on (`GET /me/memory`). */
export const userContextSchema = z.object({ items: z.array(memoryItemSchema), personalization: z.boolean() });

export type WireUser = z.infer<typeof userSchema>;
export type WireSession = z.infer<typeof sessionSchema>;
export type WireMessage = z.infer<typeof messageSchema>;
export type WireMemoryItem = z.infer<typeof memoryItemSchema>;
export type WireSearchRun = z.infer<typeof searchRunSchema>;
export type WireKeptResult = z.infer<typeof keptResultSchema>;
export type WireRequirementsView = z.infer<typeof requirementsViewSchema>;
export type WireRequirementsVersion = z.infer<typeof requirementsVersionSchema>;
