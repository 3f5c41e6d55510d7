import { z } from 'zod';
import { defineRoute, type Route } from './define-route.js';

const valueBody = z.object({ value: z.string() });
const meBody = z.object({ personalization: z.boolean() });

/** The user's memory over REST (R9, issue 12): see it, edit it, delete it, switch it off. */
export const MEMORY_ROUTES: readonly Route[] = [
  defineRoute({
    method: 'get',
    path: '/me/memory',
    auth: true,
    handle: async ({ parley, user }) => {
      const { items, personalization } = await parley.memory.context(user.id);
      return { data: { items, personalization } };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/me/memory/:id',
    auth: true,
    body: valueBody,
    handle: async ({ parley, user, params, body }) => ({
      data: { item: await parley.memory.update(user.id, params.id!, body) },
    }),
  }),
  defineRoute({
    method: 'delete',
    path: '/me/memory/:id',
    auth: true,
    handle: async ({ parley, user, params }) => {
      await parley.memory.delete(user.id, params.id!);
      return { data: { deleted: 1 } };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/me/memory',
    auth: true,
    handle: async ({ parley, user }) => ({ data: { deleted: await parley.memory.deleteAll(user.id) } }),
  }),
  defineRoute({
    method: 'patch',
    path: '/me',
    auth: true,
    body: meBody,
    handle: async ({ parley, user, body }) => {
      const { personalization } = await parley.memory.setPersonalization(user.id, body);
      return { data: { user, personalization } };
    },
  }),
];
