import { randomUUID } from 'node:crypto';
import { ParleyError, type Parley, type Session, type User } from '@parley/core';

const EMAIL = 'bench-scaling@parley.local';
const PASSWORD = 'correct horse battery staple';
const QUESTION =
  'What should the second interview for a senior backend engineer cover, and who should run it?';
const ANSWER =
  'Cover system design for a service the team really runs, a review of a pull request with planted problems, ' +
  'and a conversation about an incident the candidate handled. Two engineers should run it, one of them a ' +
  'future peer, with a shared rubric agreed before the day so the debrief compares evidence, not impressions.';

/** The bench user, created once and reused by later runs on the same database. */
export async function benchUser(parley: Parley): Promise<User> {
  try {
    return await parley.auth.register({ email: EMAIL, password: PASSWORD });
  } catch (error) {
    if (!ParleyError.is(error, 'EMAIL_TAKEN')) throw error;
    return (await parley.auth.login({ email: EMAIL, password: PASSWORD })).user;
  }
}

/** Sessions are found again by title, so a cached database is topped up rather than reseeded. */
async function findOrCreate(parley: Parley, userId: string, title: string): Promise<Session> {
  for (const status of ['active', 'expired', 'closed'] as const) {
    const found = (await parley.sessions.list(userId, { status, limit: 200 })).find(
      (session) => session.title === title,
    );
    if (found) return found;
  }
  return parley.sessions.create(userId, { title });
}

/**
 * A session holding exactly `size` messages, appended one by one through the store port as a real
 * conversation would (alternating questions and answers); returns it and how long seeding took.
 */
export async function seedSession(
  parley: Parley,
  userId: string,
  size: number,
  log: (line: string) => void,
): Promise<{ session: Session; appended: number; seedMs: number }> {
  const session = await findOrCreate(parley, userId, `history-${size}`);
  const started = performance.now();
  const missing = size - session.lastSeq;
  for (let i = 0; i < missing; i += 1) {
    const role = (session.lastSeq + i) % 2 === 0 ? 'user' : 'assistant';
    const content = role === 'user' ? QUESTION : ANSWER;
    await parley.internal.store.messages.append({
      id: randomUUID(),
      sessionId: session.id,
      role,
      content,
      tokenCount: Math.ceil(content.length / 4),
      status: 'complete',
      usage: null,
      toolCalls: null,
      toolCallId: null,
      createdAt: new Date(),
    });
    if ((i + 1) % 10_000 === 0) log(`seeding history-${size}: ${i + 1}/${missing}`);
  }
  const seedMs = performance.now() - started;
  // Read the row itself: the session cache still holds the count from before the appends.
  const fresh = await parley.internal.store.sessions.findById(session.id);
  if (fresh?.lastSeq !== size)
    throw new Error(`history-${size} holds ${fresh?.lastSeq} messages; run with --fresh`);
  return { session: fresh, appended: Math.max(0, missing), seedMs };
}
