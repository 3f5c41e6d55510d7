import { io as connect } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from './support/socket-helpers.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let t: TestServer;

describe('socket caps (R10.5)', () => {
  beforeEach(async () => {
    t = await startTestServer({ config: { sockets: { perUser: 2, perIp: 3 } } });
  });
  afterEach(async () => {
    await t.close();
  });

  it('refuses a handshake over SOCKETS_PER_USER or SOCKETS_PER_IP with TOO_MANY_SOCKETS and frees the slot on disconnect', async () => {
    const ada = await t.login();
    const bob = await t.login();
    const first = await t.socket(ada.token);
    const second = await t.socket(ada.token);
    await expect(t.socket(ada.token)).rejects.toMatchObject({
      data: { code: 'TOO_MANY_SOCKETS', details: { limit: 'perUser', max: 2 } },
    });
    const bobs = await t.socket(bob.token);
    await expect(t.socket(bob.token)).rejects.toMatchObject({
      data: { code: 'TOO_MANY_SOCKETS', details: { limit: 'perIp', max: 3 } },
    });
    expect([first.connected, second.connected, bobs.connected]).toEqual([true, true, true]);

    first.disconnect();
    const again = await eventually(() => t.socket(ada.token).catch(() => undefined));
    expect(again.connected).toBe(true);
    expect(second.connected).toBe(true);
  });

  it('gives back the slot of a handshake that never connected once its connection closed', async () => {
    const ada = await t.login();
    // The host's middleware after Parley's refuses the first handshake: Parley has reserved its slot.
    let refuse = true;
    t.server.io.use((_socket, next) => {
      if (!refuse) return next();
      refuse = false;
      next(new Error('refused by the host'));
    });
    const closed = new Promise<void>((resolve) =>
      t.server.io.engine.once('connection', (conn: { once(event: 'close', listener: () => void): void }) =>
        conn.once('close', resolve),
      ),
    );
    const refused = connect(t.url, {
      auth: { token: ada.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const error = await new Promise<Error>((resolve) => refused.once('connect_error', resolve));
    expect(error.message).toBe('refused by the host');
    // The client closes a connection whose only socket was refused.
    await closed;

    const sockets = [await t.socket(ada.token), await t.socket(ada.token)];
    expect(sockets.map((socket) => socket.connected)).toEqual([true, true]);
    await expect(t.socket(ada.token)).rejects.toMatchObject({
      data: { code: 'TOO_MANY_SOCKETS', details: { limit: 'perUser', max: 2 } },
    });
  });
});
