import { useCallback, useEffect, useReducer, useRef } from 'react';
import { Box, Static, useApp, useInput, useStdout } from 'ink';
import { ParleyError } from '@parley/core';
import { AnswerView } from './answer-view.js';
import type { ChatBackend } from './chat-backend.js';
import { chatReducer, initialChatState, type ChatAction } from './chat-state.js';
import { learnedNotice } from './describe-memory.js';
import { PromptInput } from './prompt-input.js';
import { RequirementsPanel } from './requirements-panel.js';
import { runSlashCommand } from './slash-commands.js';
import type { ChatStart } from './start-conversation.js';
import { StatusLine } from './status-line.js';
import { TranscriptEntryView } from './transcript-entry-view.js';
import { describeFailure, failureOf } from '../runtime/failure-of.js';

export interface ChatAppProps {
  backend: ChatBackend;
  start: ChatStart;
  /** Where `/export` writes relative paths. */
  cwd: string;
}

function openingActions(start: ChatStart): ChatAction[] {
  if (!start.readOnly) return [];
  return [
    { type: 'show', view: start.readOnly, heading: 'Expired session (read-only)' },
    {
      type: 'notice',
      text: 'Your last session expired; its history is read-only. A new session has started.',
      tone: 'warn',
    },
  ];
}

/** The `parley chat` screen: transcript, streaming answer, input line and status line over any backend. */
export function ChatApp({ backend, start, cwd }: ChatAppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const columns = stdout.columns || 80;
  const [state, dispatch] = useReducer(chatReducer, undefined, () =>
    initialChatState(start.current, backend.model, openingActions(start)),
  );
  /** The answer being waited for; `pending` while its send is not acknowledged yet. */
  const current = useRef<{ sessionId: string; turnId: string } | 'pending' | null>(null);
  const cancelWhenSent = useRef(false);
  const sessionId = state.session.id;
  const busy = state.answer !== null;
  const panelWidth = state.panel ? Math.min(48, Math.max(24, Math.floor(columns * 0.4))) : 0;
  const width = Math.max(20, columns - 2);
  const answerWidth = Math.max(20, columns - 2 - panelWidth);

  useEffect(
    () =>
      backend.subscribe(sessionId, (event) => {
        const turn = current.current;
        const over = event.type === 'assistant_end' || event.type === 'assistant_error';
        if (over && turn !== null && turn !== 'pending' && turn.turnId === event.turnId)
          current.current = null;
        dispatch({ type: 'event', event });
      }),
    [backend, sessionId],
  );
  useEffect(
    () => backend.watchLearned((item) => dispatch({ type: 'notice', text: learnedNotice(item) })),
    [backend],
  );
  useEffect(() => {
    backend.requirements(sessionId).then(
      (view) => dispatch({ type: 'requirements', view }),
      () => undefined,
    );
  }, [backend, sessionId]);
  const cancel = useCallback(() => {
    const turn = current.current;
    // Ctrl+C before the send was acknowledged: stop the answer as soon as its id is known.
    if (turn === 'pending') cancelWhenSent.current = true;
    else if (turn) void backend.cancel(turn.sessionId, turn.turnId).catch(() => undefined);
  }, [backend]);

  useInput((input, key) => {
    // Tab: the input line ignores it, so it never lands in the message (Ctrl+letters would).
    if (key.tab && !key.shift) dispatch({ type: 'toggle_panel' });
    if (!(key.ctrl && input === 'c')) return;
    if (busy) cancel();
    else exit();
  });

  /** After the session ended under the screen: a new one, or a notice when even that fails. */
  const startOver = useCallback(async () => {
    try {
      dispatch({
        type: 'switch',
        view: { session: await backend.create(), messages: [] },
        heading: 'New session',
      });
      dispatch({ type: 'notice', text: 'Your message was not sent; send it again here.', tone: 'warn' });
    } catch (error) {
      dispatch({
        type: 'notice',
        text: `Could not start a new session (${describeFailure(error)}); /new tries again.`,
        tone: 'error',
      });
    }
  }, [backend]);

  const send = useCallback(
    async (content: string) => {
      dispatch({ type: 'sending' });
      current.current = 'pending';
      cancelWhenSent.current = false;
      try {
        const { turnId } = await backend.send(sessionId, content);
        if (current.current === 'pending') current.current = { sessionId, turnId };
        if (cancelWhenSent.current) void backend.cancel(sessionId, turnId).catch(() => undefined);
      } catch (error) {
        current.current = null;
        dispatch({
          type: 'event',
          event: { type: 'assistant_error', turnId: '', error: failureOf(error), message: null },
        });
        if (ParleyError.is(error, 'SESSION_EXPIRED', 'SESSION_CLOSED')) await startOver();
      }
    },
    [backend, sessionId, startOver],
  );

  const submit = (line: string) => {
    const text = line.trim();
    if (text === '') return;
    if (text.startsWith('/')) {
      void runSlashCommand(text, {
        backend,
        session: state.session,
        busy,
        cwd,
        requirements: state.requirements,
        lastSearch: state.lastSearch,
        dispatch,
        quit: exit,
      });
      return;
    }
    if (busy) {
      dispatch({ type: 'notice', text: 'An answer is still coming; Ctrl+C stops it.', tone: 'warn' });
      return;
    }
    void send(text);
  };

  return (
    <Box flexDirection="column">
      <Static items={state.entries}>
        {(entry) => <TranscriptEntryView key={entry.key} entry={entry} width={width} />}
      </Static>
      <Box flexDirection="row">
        <Box flexDirection="column" flexGrow={1}>
          {state.answer ? <AnswerView text={state.answer.text} width={answerWidth} /> : null}
          <PromptInput onSubmit={submit} />
        </Box>
        {state.panel ? <RequirementsPanel view={state.requirements} width={panelWidth} /> : null}
      </Box>
      <StatusLine session={state.session} model={state.model} tokens={state.tokens} where={backend.where} />
    </Box>
  );
}
