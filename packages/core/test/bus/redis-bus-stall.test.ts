import { Redis } from 'ioredis';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startLlmStub, type LlmStub } from '@parley/llm-stub';
import { createRedisEventBus, type RedisEventBus } from '../../src/adapters/bus/redis-event-bus.js';
import type { EventBus } from '../../src/ports/event-bus.js';
import {
  describeWithRedisServer,
  startDisposableRedis,
  type DisposableRedis,
} from '../support/disposable-redis.js';
import { createTestParley, type TestParley } from '../support/test-parley.js';

describeWithRedisServer("a turn while Redis holds the bus's writes (R12.3)", () => {
  let redis: DisposableRedis;
  let admin: Redis;
  let bus: RedisEventBus;
  /** Whether the turn's first publish has settled (its send to Redis went out, or timed out). */
  let firstOut: boolean | undefined;
  let stub: LlmStub;
  let t: TestParley;
  beforeEach(async () => {
    redis = await startDisposableRedis();
    admin = new Redis(redis.url);
    bus = await createRedisEventBus({ url: redis.url });
    firstOut = undefined;
    const watched: EventBus = {
      ...bus,
      publishTurn(events, record) {
        const published = bus.publishTurn(events, record);
        if (firstOut === undefined) {
          firstOut = false;
          void published.then(() => (firstOut = true));
        }
        return published;
      },
    };
    stub = await startLlmStub({ reply: { text: 'one two three four five six', chunkCount: 6 } });
    t = await createTestParley(
      { name: 'SQLite + private Redis bus', database: 'sqlite' },
      { bus: watched, config: { llm: { baseUrl: stub.url, apiKey: 'test-key', model: 'stub-model' } } },
    );
  });
  afterEach(async () => {
    await admin.call('CLIENT', 'UNPAUSE');
    await t.cleanup();
    await bus.close();
    await stub.close();
    admin.disconnect();
    await redis.stop();
  });

  it("hands this process's watchers the whole answer while Redis holds every send", async () => {
    const ada = await t.parley.auth.register({ email: 'ada@example.com', password: 'password-ada' });
    const session = await t.parley.sessions.create(ada.id);
    const seen: string[] = [];
    let ended!: () => void;
    const end = new Promise<void>((resolve) => (ended = resolve));
    const stop = t.parley.chat.subscribe(session.id, (event) => {
      seen.push(event.type);
      if (event.type === 'assistant_end') ended();
    });
    // Writes (the turn log's script) wait until UNPAUSE; this process's own watchers must not.
    await admin.call('CLIENT', 'PAUSE', '600000', 'WRITE');
    const turn = await t.parley.chat.send({ userId: ada.id, sessionId: session.id, content: 'Hello' });
    await end;
    // Delivered while the first send still waits for Redis: nothing here waited for it (or for its timeout).
    expect(firstOut).toBe(false);
    expect(seen).toEqual([
      'message_received',
      'assistant_start',
      ...Array(seen.length - 3).fill('assistant_chunk'),
      'assistant_end',
    ]);
    expect(seen.length).toBeGreaterThan(3);
    expect(await admin.xlen(`parley:turn-log:${turn.id}`)).toBe(0);
    await admin.call('CLIENT', 'UNPAUSE');
    await turn.done;
    // Once Redis takes writes again the turn's log holds every event, in order.
    const entries = await admin.xrange(`parley:turn-log:${turn.id}`, '-', '+');
    const logged = entries.flatMap(([, fields]) =>
      (JSON.parse(fields[1]!) as Array<{ type: string }>).map((event) => event.type),
    );
    expect(logged).toEqual(seen);
    stop();
  });
});
