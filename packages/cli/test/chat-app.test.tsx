import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useEffect, type ReactNode } from 'react';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ParleyError } from '@parley/core';
import { ChatApp } from '../src/chat/chat-app.js';
import type { ChatStart } from '../src/chat/start-conversation.js';
import { FakeChatBackend, fakeMessage, fakeSession } from './support/fake-chat-backend.js';

const ENTER = '\r';
const CTRL_C = '\u0003';
const UP = '\u001B[A';
const SESSION = 'aaaaaaaa-0000-4000-8000-000000000000';
const usage = { model: 'stub-model', promptTokens: 30, completionTokens: 12, latencyMs: 5 };

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Reports when the app unmounted itself (Ink's `exit()`). */
function UnmountProbe({ children, onUnmount }: { children: ReactNode; onUnmount: () => void }) {
  useEffect(() => onUnmount, [onUnmount]);
  return <>{children}</>;
}

function setup(start?: Partial<ChatStart>) {
  const backend = new FakeChatBackend();
  const current = start?.current ?? {
    session: fakeSession(SESSION, { title: 'Backend hire', lastSeq: 2 }),
    messages: [
      fakeMessage(1, 'user', 'We need a senior engineer'),
      fakeMessage(2, 'assistant', 'Which **stack** do you use?', { usage }),
    ],
  };
  backend.add(current);
  if (start?.readOnly) backend.add(start.readOnly);
  const cwd = mkdtempSync(join(tmpdir(), 'parley-chat-app-'));
  dirs.push(cwd);
  const onUnmount = vi.fn();
  const app = render(
    <UnmountProbe onUnmount={onUnmount}>
      <ChatApp
        backend={backend}
        start={{ current, ...(start?.readOnly ? { readOnly: start.readOnly } : {}) }}
        cwd={cwd}
      />
    </UnmountProbe>,
  );
  const frame = () => app.lastFrame() ?? '';
  const type = async (text: string) => {
    app.stdin.write(text);
    await vi.waitFor(() => expect(frame()).toContain(`› ${text}`));
    app.stdin.write(ENTER);
    // Typing on before the cleared input renders would append to the old text.
    await vi.waitFor(() => expect(frame()).toContain('› Message, or /help'));
  };
  return { backend, app, frame, type, cwd, onUnmount };
}

describe('ChatApp', () => {
  it('shows the restored history, Markdown rendered, and a status line with session, model and tokens', () => {
    const { frame } = setup();
    expect(frame()).toContain('Resumed session aaaaaaaa · Backend hire');
    expect(frame()).toContain('We need a senior engineer');
    expect(frame()).toContain('Which stack do you use?');
    expect(frame()).not.toContain('**stack**');
    expect(frame()).toMatch(/session aaaaaaaa · Backend hire · model stub-model · 42 tokens · fake/);
  });

  it('sends a message, spins until the first token, streams the answer and counts its tokens', async () => {
    const { backend, frame, type } = setup();
    await type('Python and Go');
    await vi.waitFor(() => expect(backend.sent).toHaveLength(1));
    expect(backend.sent[0]).toMatchObject({ sessionId: SESSION, content: 'Python and Go' });
    await vi.waitFor(() => expect(frame()).toContain('thinking'));

    backend.emit(SESSION, {
      type: 'message_received',
      turnId: 't1',
      message: fakeMessage(3, 'user', 'Python and Go'),
    });
    backend.emit(SESSION, { type: 'assistant_start', turnId: 't1' });
    backend.emit(SESSION, { type: 'assistant_chunk', turnId: 't1', text: 'Great, ' });
    await vi.waitFor(() => expect(frame()).toContain('Great,'));
    expect(frame()).not.toContain('thinking');
    backend.emit(SESSION, { type: 'assistant_chunk', turnId: 't1', text: 'how senior?' });
    await vi.waitFor(() => expect(frame()).toContain('Great, how senior?'));

    const answer = fakeMessage(4, 'assistant', 'Great, how senior?', {
      usage: { ...usage, promptTokens: 50, completionTokens: 8 },
    });
    backend.emit(SESSION, { type: 'assistant_end', turnId: 't1', message: answer });
    await vi.waitFor(() => expect(frame()).toContain('100 tokens'));
  });

  it('Ctrl+C during an answer aborts it and shows the partial answer as incomplete; the app stays open', async () => {
    const { app, backend, frame, type, onUnmount } = setup();
    await type('Tell me more');
    await vi.waitFor(() => expect(backend.sent).toHaveLength(1));
    backend.emit(SESSION, { type: 'assistant_chunk', turnId: 't1', text: 'Half an' });
    await vi.waitFor(() => expect(frame()).toContain('Half an'));

    app.stdin.write(CTRL_C);
    await vi.waitFor(() => expect(backend.cancelled).toEqual([{ sessionId: SESSION, turnId: 't1' }]));
    const partial = fakeMessage(4, 'assistant', 'Half an', { status: 'incomplete' });
    const error = { code: 'CANCELLED' as const, message: 'stopped' };
    backend.emit(SESSION, { type: 'assistant_error', turnId: 't1', error, message: partial });
    await vi.waitFor(() => expect(frame()).toContain('(incomplete)'));
    expect(frame()).toContain('Answer stopped');
    expect(onUnmount).not.toHaveBeenCalled();
  });

  it('Ctrl+C at the prompt quits', async () => {
    const { app, onUnmount } = setup();
    app.stdin.write(CTRL_C);
    await vi.waitFor(() => expect(onUnmount).toHaveBeenCalled());
  });

  it('/quit quits', async () => {
    const { app, frame, onUnmount } = setup();
    app.stdin.write('/quit');
    await vi.waitFor(() => expect(frame()).toContain('› /quit'));
    app.stdin.write(ENTER);
    await vi.waitFor(() => expect(onUnmount).toHaveBeenCalled());
  });

  it('Up recalls what was typed before', async () => {
    const { app, frame, type, backend } = setup();
    await type('first question');
    await vi.waitFor(() => expect(backend.sent).toHaveLength(1));
    backend.emit(SESSION, {
      type: 'assistant_end',
      turnId: 't1',
      message: fakeMessage(4, 'assistant', 'ok'),
    });
    await vi.waitFor(() => expect(frame()).not.toContain('thinking'));
    app.stdin.write(UP);
    await vi.waitFor(() => expect(frame()).toMatch(/› first question\s*\n.*session/s));
  });

  it('does not send while an answer is coming', async () => {
    const { frame, type, backend } = setup();
    await type('one');
    await vi.waitFor(() => expect(backend.sent).toHaveLength(1));
    await type('two');
    await vi.waitFor(() => expect(frame()).toContain('An answer is still coming'));
    expect(backend.sent).toHaveLength(1);
  });

  it('a message to a session that ended starts a new one; when that fails too, a notice instead of a crash', async () => {
    const { frame, type, backend } = setup();
    backend.failSend = new ParleyError('SESSION_EXPIRED', 'This session expired.');
    await type('hello');
    await vi.waitFor(() => expect(frame()).toContain('New session new10000'));
    expect(frame()).toContain('send it again here');

    backend.failCreate = new ParleyError('INTERNAL', 'The Parley server is unavailable.');
    await type('hello again');
    await vi.waitFor(() =>
      expect(frame()).toContain(
        'Could not start a new session (INTERNAL: The Parley server is unavailable.)',
      ),
    );
  });

  it('shows a failed answer as an error with its code', async () => {
    const { frame, type, backend } = setup();
    await type('hello');
    await vi.waitFor(() => expect(backend.sent).toHaveLength(1));
    const error = { code: 'LLM_UNAVAILABLE' as const, message: 'The model is unavailable.' };
    backend.emit(SESSION, { type: 'assistant_error', turnId: 't1', error, message: null });
    await vi.waitFor(() => expect(frame()).toContain('LLM_UNAVAILABLE: The model is unavailable.'));
  });

  it('opens on an expired session read-only, in a new session', () => {
    const expired = {
      session: fakeSession('eeeeeeee-0000-4000-8000-000000000000', { status: 'expired', lastSeq: 1 }),
      messages: [fakeMessage(1, 'user', 'yesterday we talked')],
    };
    const fresh = { session: fakeSession('ffffffff-0000-4000-8000-000000000000'), messages: [] };
    const { frame } = setup({ current: fresh, readOnly: expired });
    expect(frame()).toContain('Expired session (read-only) eeeeeeee');
    expect(frame()).toContain('yesterday we talked');
    expect(frame()).toContain('A new session has started');
    expect(frame()).toContain('session ffffffff');
  });
});

describe('slash commands', () => {
  it('/help lists every command', async () => {
    const { frame, type } = setup();
    await type('/help');
    for (const name of ['/new', '/resume [id]', '/sessions', '/export [md|json] [file]', '/help', '/quit']) {
      await vi.waitFor(() => expect(frame()).toContain(name));
    }
  });

  it('/new switches to a new session', async () => {
    const { frame, type } = setup();
    await type('/new');
    await vi.waitFor(() => expect(frame()).toContain('New session new10000'));
    expect(frame()).toMatch(/session new10000 · model stub-model · 0 tokens/);
  });

  it.each(['/new', '/resume bbbb'])(
    '%s is refused while an answer streams, so the answer is not dropped',
    async (line) => {
      const { frame, type, backend } = setup();
      backend.add({ session: fakeSession('bbbbbbbb-0000-4000-8000-000000000000'), messages: [] });
      await type('Tell me more');
      await vi.waitFor(() => expect(backend.sent).toHaveLength(1));
      backend.emit(SESSION, { type: 'assistant_chunk', turnId: 't1', text: 'Half an' });
      await vi.waitFor(() => expect(frame()).toContain('Half an'));

      await type(line);
      await vi.waitFor(() => expect(frame()).toContain('Stop the answer first (Ctrl+C)'));
      expect(frame()).toMatch(/session aaaaaaaa · Backend hire/);
      expect(backend.cancelled).toEqual([]);
      backend.emit(SESSION, { type: 'assistant_chunk', turnId: 't1', text: ' answer' });
      await vi.waitFor(() => expect(frame()).toContain('Half an answer'));
    },
  );

  it('/sessions lists active sessions and marks the current one', async () => {
    const { frame, type, backend } = setup();
    backend.add({
      session: fakeSession('bbbbbbbb-0000-4000-8000-000000000000', { title: 'Designer' }),
      messages: [],
    });
    await type('/sessions');
    await vi.waitFor(() => expect(frame()).toContain('bbbbbbbb'));
    expect(frame()).toMatch(/\* aaaaaaaa .* Backend hire/);
    expect(frame()).toContain('Designer');
  });

  it('/resume with an id prefix switches; an expired one is shown read-only and the session stays', async () => {
    const { frame, type, backend } = setup();
    backend.add({
      session: fakeSession('bbbbbbbb-0000-4000-8000-000000000000', { title: 'Designer', lastSeq: 1 }),
      messages: [fakeMessage(1, 'user', 'a product designer')],
    });
    backend.add({
      session: fakeSession('cccccccc-0000-4000-8000-000000000000', { status: 'expired', lastSeq: 1 }),
      messages: [fakeMessage(1, 'user', 'an old chat')],
    });
    await type('/resume bbbb');
    await vi.waitFor(() => expect(frame()).toContain('Resumed session bbbbbbbb · Designer'));
    expect(frame()).toContain('a product designer');
    expect(frame()).toMatch(/session bbbbbbbb · Designer · model/);

    await type('/resume cccc');
    await vi.waitFor(() => expect(frame()).toContain('Read-only session cccccccc'));
    expect(frame()).toContain('an old chat');
    expect(frame()).toContain('You are still in session bbbbbbbb');
  });

  it('/resume of an unknown id is a notice with the error code', async () => {
    const { frame, type } = setup();
    await type('/resume 0123');
    await vi.waitFor(() => expect(frame()).toContain('SESSION_NOT_FOUND'));
  });

  it('/export writes the conversation to a file', async () => {
    const { frame, type, cwd } = setup();
    await type('/export json out.json');
    await vi.waitFor(() => expect(frame()).toContain(`Exported to ${join(cwd, 'out.json')}`));
    expect(JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8'))).toEqual({ sessionId: SESSION });
    await type('/export');
    await vi.waitFor(() => expect(frame()).toContain(join(cwd, 'parley-aaaaaaaa.md')));
    expect(readFileSync(join(cwd, 'parley-aaaaaaaa.md'), 'utf8')).toContain(`# export of ${SESSION}`);
  });

  it('an unknown command says how to list them', async () => {
    const { frame, type, backend } = setup();
    await type('/frobnicate');
    await vi.waitFor(() =>
      expect(frame()).toContain('Unknown command /frobnicate. /help lists the commands.'),
    );
    expect(backend.sent).toHaveLength(0);
  });
});
