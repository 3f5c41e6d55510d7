// The whole front end: log in or register, list the user's sessions, reopen the last one with its
// history, and stream answers as their chunks arrive. The login cookie (same origin as the API)
// authenticates every request and the socket, so nothing secret is kept in the page.
import { createParleyClient } from './client/parley-client.js';

/**
 * @typedef {import('./client/parley-client.js').WireSession} WireSession
 * @typedef {import('./client/parley-client.js').WireMessage} WireMessage
 * @typedef {import('./client/parley-client.js').WireUser} WireUser
 * @typedef {import('./client/parley-client.js').ClientTurnEvent} ClientTurnEvent
 */

const client = createParleyClient({ baseUrl: location.origin });
const LAST_SESSION_KEY = 'parley.browser-chat.session';
const HISTORY_PAGE = 200;

/**
 * An element of index.html, which has them all.
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} id
 * @returns {T}
 */
const byId = (id) => /** @type {T} */ (document.getElementById(id));
/** @type {HTMLFormElement} */
const authForm = byId('auth');
/** @type {HTMLFormElement} */
const composer = byId('composer');
/** @type {HTMLTextAreaElement} */
const messageField = byId('content');
/** @type {HTMLButtonElement} */
const sendButton = byId('send');
const chat = byId('chat');
const messages = byId('messages');
const sessionList = byId('sessions');
const errorLine = byId('error');

/** The open session, or null before the user has one. @type {WireSession | null} */
let current = null;

/** @param {any} error a `ParleyClientError` (`code`, `message`), an `assistant_error`'s error, or anything thrown */
function showError(error) {
  errorLine.textContent = error?.code ? `${error.code}: ${error.message}` : String(error?.message ?? error);
  errorLine.hidden = false;
}

function clearError() {
  errorLine.hidden = true;
  errorLine.textContent = '';
}

/**
 * Runs an action from the UI; its failure is shown, never thrown into the void.
 * @template {unknown[]} A
 * @param {(...args: A) => Promise<unknown>} action
 * @returns {(...args: A) => Promise<void>}
 */
function guarded(action) {
  return async (...args) => {
    clearError();
    try {
      await action(...args);
    } catch (error) {
      showError(error);
    }
  };
}

function showAuth() {
  current = null;
  byId('who').hidden = true;
  chat.hidden = true;
  authForm.hidden = false;
}

/** @param {WireUser} user */
async function showChat(user) {
  byId('user-email').textContent = user.email;
  byId('who').hidden = false;
  authForm.hidden = true;
  chat.hidden = false;
  const sessions = await listSessions();
  const last = localStorage.getItem(LAST_SESSION_KEY);
  const reopen = sessions.find((session) => session.id === last) ?? sessions[0];
  if (reopen) await openSession(reopen);
  else renderConversation([]);
}

async function listSessions() {
  const sessions = await client.sessions.list();
  sessionList.replaceChildren(
    ...sessions.map((session) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.sessionId = session.id;
      button.textContent = `${session.title ?? 'New chat'} (${session.status})`;
      button.setAttribute('aria-current', String(session.id === current?.id));
      button.addEventListener(
        'click',
        guarded(() => openSession(session)),
      );
      item.append(button);
      return item;
    }),
  );
  return sessions;
}

/**
 * Opens a session: an expired one is restored first; a closed one stays readable but not writable.
 * @param {WireSession} session
 */
async function openSession(session) {
  const open = session.status === 'expired' ? await client.sessions.restore(session.id) : session;
  current = open;
  localStorage.setItem(LAST_SESSION_KEY, open.id);
  for (const button of sessionList.querySelectorAll('button')) {
    button.setAttribute('aria-current', String(button.dataset.sessionId === open.id));
  }
  sendButton.disabled = open.status === 'closed';
  renderConversation(await readHistory(open.id));
  return open;
}

/** @param {string} sessionId */
async function readHistory(sessionId) {
  /** @type {WireMessage[]} */
  const stored = [];
  let after;
  do {
    const page = await client.sessions.history(sessionId, { order: 'asc', limit: HISTORY_PAGE, after });
    stored.push(...page.messages);
    after = page.next?.after;
  } while (after !== undefined);
  return stored;
}

/** @param {WireMessage[]} stored */
function renderConversation(stored) {
  messages.replaceChildren(
    ...stored
      .filter((message) => (message.role === 'user' || message.role === 'assistant') && message.content)
      .map((message) =>
        messageItem(
          message.role,
          message.content,
          message.status === 'incomplete' ? 'incomplete' : 'complete',
        ),
      ),
  );
}

/**
 * @param {string} role `user` or `assistant`
 * @param {string} text
 * @param {'complete' | 'incomplete' | 'streaming'} state
 */
function messageItem(role, text, state) {
  const item = document.createElement('li');
  item.className = `message ${role}`;
  item.dataset.state = state;
  item.textContent = text;
  return item;
}

/**
 * Sends what the message field holds and renders the answer as it streams: one `.chunk` span per
 * chunk event. A refused message (busy, closed, too long) goes back into the field.
 */
async function send() {
  const content = messageField.value.trim();
  if (!content) return;
  const session = current ?? (await openSession(await client.sessions.create()));
  messageField.value = '';
  const question = messageItem('user', content, 'complete');
  const answer = messageItem('assistant', '', 'streaming');
  answer.dataset.chunks = '0';
  messages.append(question, answer);
  let turn;
  try {
    turn = await client.send(session.id, content);
  } catch (error) {
    question.remove();
    answer.remove();
    messageField.value = content;
    throw error;
  }
  try {
    for await (const event of turn.events) render(answer, event);
  } finally {
    if (answer.dataset.state === 'streaming') answer.dataset.state = 'error';
  }
  await listSessions();
}

/**
 * @param {HTMLElement} answer
 * @param {ClientTurnEvent} event
 */
function render(answer, event) {
  if (event.type === 'assistant_chunk') {
    const chunk = document.createElement('span');
    chunk.className = 'chunk';
    chunk.textContent = event.text;
    answer.append(chunk);
    answer.dataset.chunks = String(Number(answer.dataset.chunks) + 1);
  } else if (event.type === 'assistant_end') {
    // The stored answer is the truth (text streamed before a tool call is not part of it).
    if (answer.textContent !== event.message.content) answer.textContent = event.message.content;
    answer.dataset.state = 'complete';
  } else if (event.type === 'assistant_error') {
    answer.dataset.state = 'error';
    showError(event.error);
  }
}

authForm.addEventListener(
  'submit',
  guarded(async (/** @type {SubmitEvent} */ event) => {
    event.preventDefault();
    const form = new FormData(authForm);
    const credentials = { email: String(form.get('email')), password: String(form.get('password')) };
    if (/** @type {HTMLButtonElement | null} */ (event.submitter)?.value === 'register')
      await client.auth.register(credentials);
    const { user } = await client.auth.login(credentials);
    authForm.reset();
    await showChat(user);
  }),
);

byId('logout').addEventListener(
  'click',
  guarded(async () => {
    await client.auth.logout();
    localStorage.removeItem(LAST_SESSION_KEY);
    showAuth();
  }),
);

byId('new-session').addEventListener(
  'click',
  guarded(async () => {
    await openSession(await client.sessions.create());
    await listSessions();
  }),
);

composer.addEventListener(
  'submit',
  guarded(async (/** @type {SubmitEvent} */ event) => {
    event.preventDefault();
    sendButton.disabled = true;
    try {
      await send();
    } finally {
      sendButton.disabled = current?.status === 'closed';
    }
  }),
);

guarded(async () => {
  try {
    await showChat(await client.auth.me());
  } catch (/** @type {any} */ error) {
    if (error?.code !== 'UNAUTHENTICATED') throw error;
    showAuth();
  }
})();
