import { describe, expect, it } from 'vitest';
import { explicitRequests } from '../../src/services/memory/explicit-requests.js';

describe('explicit memory requests, recognised without a model (R9.1)', () => {
  it.each([
    ['From now on, always use EUR.', [['preference', 'currency', 'EUR']], [], false],
    ['Remember that we are based in Lisbon', [['preference', 'location', 'Lisbon']], [], false],
    ['remember: we work fully remote', [['preference', 'remote_policy', 'remote']], [], false],
    ['From now on keep it short!', [['style', 'note:keep it short', 'keep it short']], [], false],
    [
      'Please remember that our stack is Elixir.',
      [['fact', 'note:our stack is elixir', 'our stack is Elixir']],
      [],
      false,
    ],
    ['Do you remember that candidate?', [], [], false],
    ['Forget that we are in Lisbon.', [], ['we are in Lisbon'], false],
    ['Forget everything you know about me', [], [], true],
    ["Don't forget the salary range", [], [], false],
    ['We need a Go developer in Berlin', [], [], false],
  ])('%s', (message, remember, forget, forgetAll) => {
    const found = explicitRequests(message);
    expect(found.remember.map((c) => [c.kind, c.key, c.value])).toEqual(remember);
    expect(found.forget).toEqual(forget);
    expect(found.forgetAll).toBe(forgetAll);
  });
});
