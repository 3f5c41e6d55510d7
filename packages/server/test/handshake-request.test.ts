import { ServerResponse, type IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from './support/socket-helpers.js';
import { startTestServer, type ClientSocket, type TestServer } from './support/test-server.js';

let t: TestServer;
/** The responses engine.io handed its middlewares, for the upgrades among them. */
let responses: Array<{ req: IncomingMessage | null }>;

const upgraded = (socket: ClientSocket) =>
  socket.io.engine.transport.name === 'websocket'
    ? Promise.resolve()
    : new Promise<void>((resolve) => socket.io.engine.once('upgrade', () => resolve()));

describe('the standalone server lets go of handshake requests (R13, issue 14)', () => {
  beforeEach(async () => {
    t = await startTestServer();
    responses = [];
    t.server.io.engine.use(
      (_req: IncomingMessage, res: { req: IncomingMessage | null }, next: () => void) => {
        responses.push(res);
        next();
      },
    );
  });
  afterEach(async () => {
    await t.close();
  });

  it('authenticates a WebSocket handshake by its cookie, then keeps neither the request nor the upgrade response’s copy', async () => {
    const { cookie, userId } = await t.login();
    const socket = await t.socket('', { auth: {}, extraHeaders: { cookie } });
    const held = t.server.io.of('/').sockets.get(socket.id!);
    expect(held?.data.parleyUser).toMatchObject({ id: userId });
    expect(held?.request).toBeNull();
    expect(held?.handshake.headers.cookie).toBe(cookie);
    expect(responses.map((response) => response.req)).toEqual([null]);
  });

  it('serves a client that starts polling and upgrades to a WebSocket', async () => {
    const { token } = await t.login();
    const socket = await t.socket(token, { transports: ['polling', 'websocket'] });
    await upgraded(socket);
    expect(t.server.io.of('/').sockets.get(socket.id!)?.request).toBeNull();
    const upgrades = responses.filter((response) => !(response instanceof ServerResponse));
    expect(upgrades.map((response) => response.req)).toEqual([null]);
    const ack = await call(socket, 'get_session_info', { sessionId: crypto.randomUUID() });
    expect(ack).toMatchObject({ ok: false, error: { code: 'SESSION_NOT_FOUND' } });
  });
});
