import type { RequirementsUpdate } from '@parley/core';
import { wire } from '../socket/socket-protocol.js';
import { defineRoute, type Route } from './define-route.js';

/**
 * The requirement profile of a session over REST (R7, issue 10): read it, its version history, edit
 * it (an optimistic `version`; a stale one is `409 VERSION_CONFLICT`) and dismiss a question. The
 * core validates the edited fields and names a bad one.
 */
export const REQUIREMENTS_ROUTES: readonly Route[] = [
  defineRoute('requirements', async ({ parley, user, params }) => ({
    data: wire(await parley.requirements.get(user.id, params.id)),
  })),
  defineRoute('requirementVersions', async ({ parley, user, params, query }) => ({
    data: wire({ versions: await parley.requirements.versions(user.id, params.id, query) }),
  })),
  defineRoute('editRequirements', async ({ parley, user, params, body }) => ({
    data: wire(await parley.requirements.update(user.id, params.id, body as RequirementsUpdate)),
  })),
  defineRoute('dismissQuestion', async ({ parley, user, params }) => ({
    data: wire(await parley.requirements.dismiss(user.id, params.id, params.questionId)),
  })),
];
