import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ParleyError } from '../../src/errors/parley-error.js';
import { createScriptedLlm } from '../../src/testing/scripted-llm.js';
import { collect, userSays } from './llm-test-kit.js';

describe('scripted LLM', () => {
  it('plays scripted replies in order as word chunks, then echoes, recording calls', async () => {
    const llm = createScriptedLlm({
      replies: [
        'Hello there friend',
        { chunks: ['a', 'b'], usage: { promptTokens: 1, completionTokens: 2 } },
      ],
    });
    const first = await collect(llm.stream({ messages: userSays('hi') }));
    expect(first.events.filter((event) => event.type === 'delta')).toHaveLength(3);
    expect(first.text).toBe('Hello there friend');
    expect(first.events.at(-1)).toMatchObject({
      type: 'done',
      model: 'scripted-model',
      finishReason: 'stop',
    });
    const second = await collect(llm.stream({ messages: userSays('again'), model: 'm2' }));
    expect(second.events.at(-1)).toEqual({
      type: 'done',
      model: 'm2',
      usage: { promptTokens: 1, completionTokens: 2 },
      finishReason: 'stop',
      toolCalls: [],
    });
    expect((await collect(llm.stream({ messages: userSays('third') }))).text).toBe('You said: "third".');
    expect(llm.calls.map((call) => call.method)).toEqual(['stream', 'stream', 'stream']);
  });

  it('throws scripted errors before or after output', async () => {
    const llm = createScriptedLlm();
    llm.push(
      { error: new ParleyError('LLM_UNAVAILABLE', 'down') },
      { text: 'one two three', error: new ParleyError('LLM_TIMEOUT', 'slow'), errorAfterChunks: 2 },
    );
    const before = await collect(llm.stream({ messages: userSays('x') }));
    expect(ParleyError.is(before.error, 'LLM_UNAVAILABLE')).toBe(true);
    const after = await collect(llm.stream({ messages: userSays('x') }));
    expect(after.text).toBe('one two ');
    expect(ParleyError.is(after.error, 'LLM_TIMEOUT')).toBe(true);
  });

  it('stops on abort while delayed', async () => {
    const llm = createScriptedLlm({ replies: [{ text: 'a b c', chunkDelayMs: 1_000 }] });
    const controller = new AbortController();
    const pending = collect(llm.stream({ messages: userSays('x'), signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    const { text, error } = await pending;
    expect(text).toBe('a ');
    expect((error as Error).name).toBe('AbortError');
  });

  it('returns scripted JSON validated by the schema, by name, the last entry repeating', async () => {
    const schema = z.object({ title: z.string() });
    const llm = createScriptedLlm({ json: { profile: [{ title: 'A' }, { title: 'B' }] } });
    const ask = () => llm.completeJson({ messages: userSays('x'), schema, name: 'profile' });
    expect((await ask()).value).toEqual({ title: 'A' });
    expect((await ask()).value).toEqual({ title: 'B' });
    expect((await ask()).value).toEqual({ title: 'B' });
    llm.pushJson('profile', { title: 7 });
    await expect(ask()).rejects.toMatchObject({ code: 'LLM_BAD_OUTPUT' });
  });

  it('falls back to an empty object for unscripted names, which only lenient schemas accept', async () => {
    const llm = createScriptedLlm();
    const lenient = await llm.completeJson({
      messages: [],
      schema: z.object({ a: z.string().optional() }),
      name: 'x',
    });
    expect(lenient.value).toEqual({});
    await expect(
      llm.completeJson({ messages: [], schema: z.object({ a: z.string() }), name: 'x' }),
    ).rejects.toMatchObject({
      code: 'LLM_BAD_OUTPUT',
    });
  });

  it('embeds deterministically and counts tokens with tiktoken', async () => {
    const llm = createScriptedLlm({ embeddingDimensions: 4 });
    const [a = [], b, c = []] = await llm.embed(['rust', 'rust', 'go']);
    expect(a).toHaveLength(4);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    await expect(llm.ping()).resolves.toBeUndefined();
  });

  it('scripts tool calls, with or without text, and records the request with its tools', async () => {
    const llm = createScriptedLlm({
      replies: [
        {
          toolCalls: [
            { name: 'search', arguments: { query: 'rust' } },
            { id: 'own', name: 'lookup', arguments: '{bad' },
          ],
        },
        { text: 'One moment.', toolCalls: [{ name: 'search', arguments: {} }] },
      ],
    });
    const tools = [{ name: 'search', description: 'Searches the web.', parameters: { type: 'object' } }];
    const first = await collect(llm.stream({ messages: userSays('find rust jobs'), tools }));
    expect(first.text).toBe('');
    expect(first.events.at(-1)).toMatchObject({
      type: 'done',
      finishReason: 'tool_calls',
      toolCalls: [
        { id: 'call_1', name: 'search', arguments: '{"query":"rust"}' },
        { id: 'own', name: 'lookup', arguments: '{bad' },
      ],
    });
    const second = await collect(llm.stream({ messages: userSays('again'), tools }));
    expect(second.text).toBe('One moment.');
    expect(second.events.at(-1)).toMatchObject({
      toolCalls: [{ id: 'call_3', name: 'search', arguments: '{}' }],
    });
    expect(llm.calls[0]).toMatchObject({ method: 'stream', request: { tools } });
  });
});
