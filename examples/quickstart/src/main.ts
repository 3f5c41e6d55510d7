import { createParley } from '@parley/core';

// Configuration comes from the environment: DATABASE_URL (default ./.parley/parley.db), and an LLM
// endpoint (LLM_API_KEY / OPENROUTER_API_KEY, or LLM_BASE_URL for a local OpenAI-compatible server).
const parley = await createParley();
try {
  const email = process.env.QUICKSTART_EMAIL ?? `quickstart-${Date.now()}@example.com`;
  const user = await parley.auth.register({ email, password: 'correct horse battery' });
  const session = await parley.sessions.create(user.id);

  parley.chat.subscribe(session.id, (event) => {
    if (event.type === 'assistant_chunk') process.stdout.write(event.text);
    if (event.type === 'assistant_error')
      process.stderr.write(`\n${event.error.code}: ${event.error.message}\n`);
  });
  const turn = await parley.chat.send({
    userId: user.id,
    sessionId: session.id,
    content: process.argv[2] ?? 'We need a senior Go engineer in Berlin, hybrid, 80-95k EUR.',
  });
  const answer = await turn.done;
  process.stdout.write(
    `\n\n(stored as message ${answer?.seq ?? '-'}, ${answer?.usage?.completionTokens ?? 0} tokens)\n\n`,
  );
  process.stdout.write(await parley.conversation.export(user.id, session.id, 'md'));
} finally {
  await parley.close();
}
