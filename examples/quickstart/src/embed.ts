import { createParley, ParleyError, type ContextSource } from '@parley/core';
import { createMemoryCache } from '@parley/core/adapters';
import { toPlainProfile } from '@parley/core/requirements';

// Embedding Parley with the public entry points only: the root for the core, subpaths for an
// adapter and the requirement helpers. Typed configuration in code wins over the environment.
const hiringTeam: ContextSource = {
  name: 'hiring-team',
  order: 150,
  budgetShare: 0.05,
  build: async ({ countTokens }) => {
    const content = 'The hiring team is Platform Engineering.';
    return { messages: [{ role: 'system', content }], tokens: countTokens(content) };
  },
};

const parley = await createParley({
  config: {
    database: { url: process.env.EMBED_DATABASE_URL ?? 'sqlite::memory:' },
    llm: { mode: 'offline' }, // the offline intake: no model endpoint needed
    sessions: { ttlMinutes: 60 },
    logLevel: 'silent',
  },
  cache: createMemoryCache({ maxEntries: 1_000 }),
  contextSources: [hiringTeam],
});
try {
  const user = await parley.auth.register({ email: 'ada@example.com', password: 'correct horse battery' });
  const session = await parley.sessions.create(user.id);
  for (const content of ['We need a senior backend engineer who knows Go.', 'Fully remote, full-time.']) {
    const turn = await parley.chat.send({ userId: user.id, sessionId: session.id, content });
    console.log(`> ${content}\n${(await turn.done)?.content ?? ''}`);
  }
  await parley.chat.idle(session.id);
  const { profile } = await parley.requirements.get(user.id, session.id);
  console.log(`profile ${JSON.stringify(toPlainProfile(profile))}`);
  console.log(`session ttl ${parley.config.sessions.ttlMs / 60_000} minutes`);
  console.log(`sessions across users ${(await parley.admin.listSessions()).length}`);
} finally {
  await parley.close();
}

try {
  await createParley({ config: { sessions: { ttlMinutes: 0 } } });
} catch (error) {
  if (!(error instanceof ParleyError)) throw error;
  console.log(`${error.code} ${JSON.stringify(error.details.keys)}`);
}
