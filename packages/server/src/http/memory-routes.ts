import { wire } from '../socket/socket-protocol.js';
import { defineRoute, type Route } from './define-route.js';

/** The user's memory over REST (R9, issue 12): see it, edit it, delete it, switch it off. */
export const MEMORY_ROUTES: readonly Route[] = [
  defineRoute('memory', async ({ parley, user }) => {
    const { items, personalization } = await parley.memory.context(user.id);
    return { data: wire({ items, personalization }) };
  }),
  defineRoute('editMemory', async ({ parley, user, params, body }) => ({
    data: wire({ item: await parley.memory.update(user.id, params.id, body) }),
  })),
  defineRoute('forgetMemory', async ({ parley, user, params }) => {
    await parley.memory.delete(user.id, params.id);
    return { data: { deleted: 1 } };
  }),
  defineRoute('forgetAllMemory', async ({ parley, user }) => ({
    data: { deleted: await parley.memory.deleteAll(user.id) },
  })),
  defineRoute('setPersonalization', async ({ parley, user, body }) => {
    const { personalization } = await parley.memory.setPersonalization(user.id, body);
    return { data: wire({ user, personalization }) };
  }),
];
