import { plainProfileSchema, profileFieldSchema } from '@parley/core/requirements';
import { z } from 'zod';
import { defineRoute, type Route } from './define-route.js';

const updateBody = z.object({
  version: z.number().int().min(0),
  set: plainProfileSchema.optional(),
  unlock: z.array(profileFieldSchema).optional(),
});

/**
 * The requirement profile of a session over REST (R7, issue 10): read it, its version history, edit
 * it (an optimistic `version`; a stale one is `409 VERSION_CONFLICT`) and dismiss a question.
 */
export const REQUIREMENTS_ROUTES: readonly Route[] = [
  defineRoute({
    method: 'get',
    path: '/sessions/:id/requirements',
    auth: true,
    handle: async ({ parley, user, params }) => ({
      data: await parley.requirements.get(user.id, params.id!),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/sessions/:id/requirements/versions',
    auth: true,
    handle: async ({ parley, user, params, req }) => ({
      data: { versions: await parley.requirements.versions(user.id, params.id!, req.query) },
    }),
  }),
  defineRoute({
    method: 'patch',
    path: '/sessions/:id/requirements',
    auth: true,
    body: updateBody,
    handle: async ({ parley, user, params, body }) => ({
      data: await parley.requirements.update(user.id, params.id!, body),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/sessions/:id/requirements/questions/:questionId/dismiss',
    auth: true,
    handle: async ({ parley, user, params }) => ({
      data: await parley.requirements.dismiss(user.id, params.id!, params.questionId!),
    }),
  }),
];
