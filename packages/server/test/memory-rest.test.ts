import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.js';

let t: TestServer;
const api = (path: string) => `/api/v1${path}`;

describe('user memory over REST (R9, issue 12)', () => {
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(async () => {
    await t.close();
  });

  it('lists, edits, deletes and switches off what is remembered, scoped to the user', async () => {
    const ada = await t.login();
    const bob = await t.login();
    await t.parley.memory.remember(
      ada.userId,
      [
        { kind: 'preference', key: 'currency', value: 'EUR' },
        { kind: 'fact', key: 'note:our stack is elixir', value: 'our stack is Elixir' },
      ],
      { sessionId: null, messageId: null },
    );
    const listed = await request(t.url)
      .get(api('/me/memory'))
      .auth(ada.token, { type: 'bearer' })
      .expect(200);
    expect(listed.body.data.personalization).toBe(true);
    expect(listed.body.data.items.map((i: { value: string }) => i.value).sort()).toEqual([
      'EUR',
      'our stack is Elixir',
    ]);
    const currency = listed.body.data.items.find((i: { key: string }) => i.key === 'currency');

    const notBobs = await request(t.url)
      .put(api(`/me/memory/${currency.id}`))
      .auth(bob.token, { type: 'bearer' })
      .send({ value: 'USD' })
      .expect(404);
    expect(notBobs.body.error.code).toBe('NOT_FOUND');
    const bad = await request(t.url)
      .put(api(`/me/memory/${currency.id}`))
      .auth(ada.token, { type: 'bearer' })
      .send({ value: 42 })
      .expect(422);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const edited = await request(t.url)
      .put(api(`/me/memory/${currency.id}`))
      .auth(ada.token, { type: 'bearer' })
      .send({ value: 'CHF' })
      .expect(200);
    expect(edited.body.data.item).toMatchObject({ id: currency.id, value: 'CHF' });

    await request(t.url)
      .delete(api(`/me/memory/${currency.id}`))
      .auth(ada.token, { type: 'bearer' })
      .expect(200);
    await request(t.url)
      .delete(api(`/me/memory/${currency.id}`))
      .auth(ada.token, { type: 'bearer' })
      .expect(404);

    const off = await request(t.url)
      .patch(api('/me'))
      .auth(ada.token, { type: 'bearer' })
      .send({ personalization: false })
      .expect(200);
    expect(off.body.data.personalization).toBe(false);

    const cleared = await request(t.url)
      .delete(api('/me/memory'))
      .auth(ada.token, { type: 'bearer' })
      .expect(200);
    expect(cleared.body.data.deleted).toBe(1);
    const after = await request(t.url).get(api('/me/memory')).auth(ada.token, { type: 'bearer' }).expect(200);
    expect(after.body.data).toEqual({ items: [], personalization: false });
  });
});
