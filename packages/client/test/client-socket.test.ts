import { messageSchema, SERVER_EVENTS, sessionSchema } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/test/support/test-server.js';
import { clientOf, eventsOf, loggedIn, nextEvent } from './support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ search: true });
});
afterAll(async () => t.close());

describe('@parley/client over Socket.IO, against a real server', () => {
  it('sends a message and streams the turn: its events in order, then done with the stored answer', async () => {
    const client = await loggedIn(t);
    const session = await client.sessions.create();
    t.answer({ text: 'Which seniority are you hiring for?', chunkCount: 4 });
    const turn = await client.send(session.id, 'We need a Go engineer.');
    expect(turn).toMatchObject({ sessionId: session.id, position: 0 });
    const events = await eventsOf(turn);
    expect(events.map((e) => e.type)).toEqual([
      'message_received',
      'assistant_start',
      'assistant_chunk',
      'assistant_chunk',
      'assistant_chunk',
      'assistant_chunk',
      'assistant_end',
    ]);
    for (const { type, ...payload } of events) SERVER_EVENTS[type].parse(payload);
    const text = events.map((e) => (e.type === 'assistant_chunk' ? e.text : '')).join('');
    expect(text).toBe('Which seniority are you hiring for?');
    const answer = messageSchema.parse(await turn.done);
    expect(answer).toMatchObject({ role: 'assistant', content: text, status: 'complete' });
    // A late reader gets every event from the first.
    expect(await eventsOf(turn)).toEqual(events);
    client.close();
  });

  it('rejects a send to a closed session and a blank message with their codes', async () => {
    const client = await loggedIn(t);
    const session = await client.sessions.create();
    await expect(client.send(session.id, '   ')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await client.sessions.close(session.id);
    await expect(client.send(session.id, 'hello')).rejects.toMatchObject({ code: 'SESSION_CLOSED' });
    await expect(client.join('no-such-session')).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    const history = await client.sessions.history(session.id);
    expect(history.messages).toEqual([]);
    client.close();
  });

  it('cancels a running turn: the events end with CANCELLED and the partial answer is stored incomplete', async () => {
    const client = await loggedIn(t);
    const session = await client.sessions.create();
    t.answer({ text: 'alpha beta gamma delta epsilon', chunkCount: 5, chunkDelayMs: 150 });
    const turn = await client.send(session.id, 'go');
    const seen: string[] = [];
    for await (const event of turn.events) {
      seen.push(event.type);
      if (event.type === 'assistant_chunk' && seen.filter((type) => type === event.type).length === 1) {
        await turn.cancel();
      }
      if (event.type === 'assistant_error') expect(event.error.code).toBe('CANCELLED');
    }
    expect(seen.at(-1)).toBe('assistant_error');
    const partial = await turn.done;
    expect(partial).toMatchObject({ status: 'incomplete' });
    expect(partial!.content).not.toBe('alpha beta gamma delta epsilon');
    const { messages } = await client.sessions.history(session.id, { order: 'asc' });
    expect(messages.at(-1)).toMatchObject({ id: partial!.id, status: 'incomplete' });
    client.close();
  });

  it('joins with the latest history, relays typing to the others in the room, and leaves', async () => {
    const ada = await loggedIn(t);
    const session = await ada.sessions.create();
    await (
      await ada.send(session.id, 'hello')
    ).done;
    const joined = await ada.join(session.id);
    expect(sessionSchema.parse(joined.session).id).toBe(session.id);
    expect(joined.messages.map((m) => m.role)).toEqual(['user', 'assistant']);

    // A second client of the same user (another tab) sees the typing; the sender does not.
    const tab = await loggedIn(t);
    await expect(tab.join(session.id)).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    const sameUser = clientOf(t, ada.token);
    await sameUser.join(session.id);
    const typing = nextEvent<{ sessionId: string; typing: boolean }>((listener) =>
      sameUser.on('typing', listener),
    );
    await ada.typing(session.id, true);
    expect(await typing).toMatchObject({ sessionId: session.id, typing: true });

    await ada.leave(session.id);
    await expect(ada.typing(session.id, false)).rejects.toMatchObject({ code: 'SESSION_NOT_FOUND' });
    for (const client of [ada, tab, sameUser]) client.close();
  });

  it('delivers requirements_updated, search_results and memory_updated', async () => {
    const client = await loggedIn(t);
    const session = await client.sessions.create();
    await client.join(session.id);

    const requirements = nextEvent((listener) => client.on('requirements_updated', listener));
    const edited = await client.requirements.edit(session.id, { version: 0, set: { title: 'Go engineer' } });
    expect(SERVER_EVENTS.requirements_updated.parse(await requirements)).toMatchObject({
      sessionId: session.id,
      version: edited.version,
    });

    const results = nextEvent((listener) => client.on('search_results', listener));
    t.stub.scriptSearch(() => ({ results: [] }));
    const search = await client.search.run(session.id, { query: 'go salaries' });
    expect(await results).toMatchObject({ sessionId: session.id, search: { id: search.id } });

    const { id: userId } = await client.auth.me();
    await t.parley.memory.remember(userId, [{ kind: 'preference', key: 'currency', value: 'EUR' }], {
      sessionId: null,
      messageId: null,
    });
    const { items } = await client.memory.list();
    const memory = nextEvent((listener) => client.on('memory_updated', listener));
    await client.memory.edit(items[0]!.id, 'GBP');
    expect(SERVER_EVENTS.memory_updated.parse(await memory)).toMatchObject({
      change: 'edited',
      item: { value: 'GBP' },
    });
    client.close();
  });

  it('ends a turn whose socket dropped with SERVER_UNAVAILABLE when the server cannot resume it; the stored answer can be read after re-joining', async () => {
    const client = await loggedIn(t);
    const session = await client.sessions.create();
    await client.join(session.id);
    t.answer({ text: 'one two three four five six', chunkCount: 6, chunkDelayMs: 100 });
    const answered = new Promise<void>((resolve) => {
      const stop = t.parley.chat.watch(session.id, (event) => {
        if (event.type !== 'assistant_end') return;
        stop();
        resolve();
      });
    });
    const turn = await client.send(session.id, 'go');
    const events: string[] = [];
    for await (const event of turn.events) {
      events.push(event.type);
      if (event.type === 'assistant_chunk' && events.filter((type) => type === event.type).length === 1) {
        // The network drops: the server closes the transport, the client reconnects by itself.
        for (const socket of t.server.io.of('/').sockets.values()) socket.conn.close();
      }
      if (event.type === 'assistant_error') {
        expect(event.error.code).toBe('SERVER_UNAVAILABLE');
        expect(event.error.message).toMatch(/could not resume/);
      }
    }
    expect(events.at(-1)).toBe('assistant_error');
    expect(await turn.done).toBeNull();

    // The server kept answering (a dropped socket does not stop a turn) and stored the whole answer.
    await answered;
    const { messages } = await client.join(session.id);
    expect(messages.at(-1)).toMatchObject({ role: 'assistant', content: 'one two three four five six' });
    client.close();
  });
});
