import * as z from 'zod';
import {
  keptResultSchema,
  memoryItemSchema,
  messageSchema,
  requirementsVersionSchema,
  requirementsViewSchema,
  SEARCH_INTENTS,
  SESSION_STATUSES,
  searchRunSchema,
  sessionSchema,
  timestamp,
  userContextSchema,
  userSchema,
} from './wire-values.js';

/** One REST route of Parley: what it takes and what its envelope's `data` holds. */
export interface RouteContract {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Relative to the API prefix (`/api/v1` standalone); `:name` segments are path parameters. */
  path: string;
  summary: string;
  /** A user is required (`401 UNAUTHENTICATED` otherwise). */
  auth: boolean;
  /** Parley's own login routes: not mounted when the host brings its identity (`resolveUser`). */
  ownAuth?: boolean;
  /** The success status: 200 unless declared. */
  status?: 200 | 201;
  body?: z.ZodType;
  query?: z.ZodType;
  /** The envelope's `data`; for `document` routes, the raw body instead of an envelope. */
  response: z.ZodType;
  /** `document`: answers the document itself (export, OpenAPI), not the `{ ok, data }` envelope. */
  answers?: 'envelope' | 'document';
}

const route = <const R extends RouteContract>(contract: R): R => contract;

const text = z.string();
const limit = (max: number) => z.coerce.number().int().min(1).max(max).optional();
const requirementsEdit = z.object({
  version: z.number().int().min(0),
  /** Field values to set (and lock), as docs/requirements.md lists them; the core validates each field. */
  set: z.record(z.string(), z.unknown()).optional(),
  unlock: z.array(z.string()).optional(),
});

/** A search run on request: an intent and/or words; without words the query comes from the profile. */
export const searchRequestSchema = z.object({
  intent: z.enum(SEARCH_INTENTS).optional(),
  query: z.string().optional(),
});

/** The formats a session exports to. */
export const EXPORT_FORMATS = ['md', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Every REST route of Parley (docs/protocol.md), declared once; the server mounts them, the client calls them. */
export const ROUTES = {
  register: route({
    method: 'post',
    path: '/auth/register',
    summary: 'Create an account',
    auth: false,
    ownAuth: true,
    status: 201,
    body: z.object({ email: text, password: text, displayName: text.optional() }),
    response: z.object({ user: userSchema }),
  }),
  login: route({
    method: 'post',
    path: '/auth/login',
    summary: 'Log in: the token in the body and as the `jwt` cookie',
    auth: false,
    ownAuth: true,
    body: z.object({ email: text, password: text }),
    response: z.object({ user: userSchema, token: z.string(), expiresAt: timestamp }),
  }),
  logout: route({
    method: 'post',
    path: '/auth/logout',
    summary: 'Revoke the token and clear the cookie',
    auth: false,
    ownAuth: true,
    response: z.object({ loggedOut: z.literal(true) }),
  }),
  me: route({
    method: 'get',
    path: '/me',
    summary: 'The logged-in user',
    auth: true,
    response: z.object({ user: userSchema }),
  }),
  setPersonalization: route({
    method: 'patch',
    path: '/me',
    summary: 'Switch personalization (learning and applying memory) on or off',
    auth: true,
    body: z.object({ personalization: z.boolean() }),
    response: z.object({ user: userSchema, personalization: z.boolean() }),
  }),
  memory: route({
    method: 'get',
    path: '/me/memory',
    summary: 'What Parley remembers about the user, oldest first',
    auth: true,
    response: userContextSchema,
  }),
  editMemory: route({
    method: 'put',
    path: '/me/memory/:id',
    summary: 'Change a remembered value',
    auth: true,
    body: z.object({ value: text }),
    response: z.object({ item: memoryItemSchema }),
  }),
  forgetMemory: route({
    method: 'delete',
    path: '/me/memory/:id',
    summary: 'Forget one remembered item',
    auth: true,
    response: z.object({ deleted: z.literal(1) }),
  }),
  forgetAllMemory: route({
    method: 'delete',
    path: '/me/memory',
    summary: 'Forget everything remembered about the user',
    auth: true,
    response: z.object({ deleted: z.number().int() }),
  }),
  createSession: route({
    method: 'post',
    path: '/sessions',
    summary: 'Start a session',
    auth: true,
    status: 201,
    body: z.object({ title: text.optional() }),
    response: z.object({ session: sessionSchema }),
  }),
  listSessions: route({
    method: 'get',
    path: '/sessions',
    summary: "The user's sessions, most recently active first",
    auth: true,
    query: z.object({
      status: z.enum(SESSION_STATUSES).optional(),
      limit: limit(200),
      offset: z.coerce.number().int().min(0).optional(),
    }),
    response: z.object({ sessions: z.array(sessionSchema) }),
  }),
  getSession: route({
    method: 'get',
    path: '/sessions/:id',
    summary: 'One session, in any status',
    auth: true,
    response: z.object({ session: sessionSchema }),
  }),
  closeSession: route({
    method: 'post',
    path: '/sessions/:id/close',
    summary: 'Close a session',
    auth: true,
    response: z.object({ session: sessionSchema }),
  }),
  restoreSession: route({
    method: 'post',
    path: '/sessions/:id/restore',
    summary: 'Resume a session (refreshes its activity)',
    auth: true,
    response: z.object({ session: sessionSchema }),
  }),
  history: route({
    method: 'get',
    path: '/sessions/:id/messages',
    summary: 'A page of history; `next` is the cursor in the same direction, null at the end',
    auth: true,
    query: z.object({
      before: z.coerce.number().int().min(0).optional(),
      after: z.coerce.number().int().min(0).optional(),
      limit: limit(200),
      order: z.enum(['asc', 'desc']).optional(),
    }),
    response: z.object({
      messages: z.array(messageSchema),
      next: z.object({ before: z.number().int().optional(), after: z.number().int().optional() }).nullable(),
    }),
  }),
  sendMessage: route({
    method: 'post',
    path: '/sessions/:id/messages',
    summary: 'Send a message and wait for the answer (or stream it as SSE with `Accept: text/event-stream`)',
    auth: true,
    status: 201,
    body: z.object({ content: text }),
    response: z.object({ turnId: z.string(), message: messageSchema, answer: messageSchema.nullable() }),
  }),
  exportSession: route({
    method: 'get',
    path: '/sessions/:id/export',
    summary: 'The conversation as a Markdown or JSON document (an attachment)',
    auth: true,
    answers: 'document',
    query: z.object({ format: z.enum(EXPORT_FORMATS).default('md') }),
    response: z.string(),
  }),
  requirements: route({
    method: 'get',
    path: '/sessions/:id/requirements',
    summary: "The session's requirement profile, conflicts, questions and version",
    auth: true,
    response: requirementsViewSchema,
  }),
  requirementVersions: route({
    method: 'get',
    path: '/sessions/:id/requirements/versions',
    summary: 'Every stored version of the requirements, oldest first',
    auth: true,
    query: z.object({ limit: limit(200), offset: z.coerce.number().int().min(0).optional() }),
    response: z.object({ versions: z.array(requirementsVersionSchema) }),
  }),
  editRequirements: route({
    method: 'patch',
    path: '/sessions/:id/requirements',
    summary: 'Set (and lock) or unlock fields against `version`; a stale one is VERSION_CONFLICT',
    auth: true,
    body: requirementsEdit,
    response: requirementsViewSchema,
  }),
  dismissQuestion: route({
    method: 'post',
    path: '/sessions/:id/requirements/questions/:questionId/dismiss',
    summary: 'Dismiss a clarifying question (its conflict, if any, is accepted)',
    auth: true,
    response: requirementsViewSchema,
  }),
  search: route({
    method: 'post',
    path: '/sessions/:id/search',
    summary: 'Run a web search ranked against the profile (also when degraded or stale)',
    auth: true,
    body: searchRequestSchema,
    response: z.object({ search: searchRunSchema }),
  }),
  searches: route({
    method: 'get',
    path: '/sessions/:id/searches',
    summary: "The session's searches, newest first",
    auth: true,
    query: z.object({ limit: limit(100) }),
    response: z.object({ searches: z.array(searchRunSchema) }),
  }),
  keptResults: route({
    method: 'get',
    path: '/sessions/:id/searches/kept',
    summary: 'The results the user kept, oldest first',
    auth: true,
    response: z.object({ kept: z.array(keptResultSchema) }),
  }),
  keepResult: route({
    method: 'post',
    path: '/sessions/:id/searches/:searchId/keep',
    summary: 'Keep one result of a search (keeping again changes nothing)',
    auth: true,
    body: z.object({ url: text }),
    response: z.object({ kept: keptResultSchema }),
  }),
  openapi: route({
    method: 'get',
    path: '/openapi.json',
    summary: 'This API as an OpenAPI 3.1 document',
    auth: false,
    answers: 'document',
    response: z.record(z.string(), z.unknown()),
  }),
} as const;

/** The name of a REST route in `ROUTES`. */
export type RouteName = keyof typeof ROUTES;

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** The path parameters of a route, from its path: `/sessions/:id` → `{ id: string }`. */
export type RouteParams<N extends RouteName> = { [K in ParamNames<(typeof ROUTES)[N]['path']>]: string };

type Schema<N extends RouteName, K extends 'body' | 'query'> =
  (typeof ROUTES)[N] extends Record<K, infer S extends z.ZodType> ? S : undefined;

/** What a route's body is, as a caller writes it; `undefined` for routes without one. */
export type RouteBody<N extends RouteName> =
  Schema<N, 'body'> extends z.ZodType ? z.input<Schema<N, 'body'>> : undefined;
/** What a route's query is, parsed; `undefined` for routes without one. */
export type RouteQuery<N extends RouteName> =
  Schema<N, 'query'> extends z.ZodType ? z.output<Schema<N, 'query'>> : undefined;
/** A route's `data` on success, as it arrives over JSON. */
export type RouteResponse<N extends RouteName> = z.output<(typeof ROUTES)[N]['response']>;

/** Fills a route's `:name` segments, each URI-encoded. */
export function routePath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`Missing path parameter "${name}" for ${path}.`);
    return encodeURIComponent(value);
  });
}
