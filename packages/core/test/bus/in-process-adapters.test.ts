import { createInProcessEventBus } from '../../src/adapters/bus/in-process-event-bus.js';
import { createInProcessTurnQueue } from '../../src/adapters/queue/in-process-turn-queue.js';
import { eventBusContract } from '../../src/test-kit/event-bus-contract.js';
import { turnQueueContract } from '../../src/test-kit/turn-queue-contract.js';

eventBusContract('in-process', {
  async create() {
    const bus = createInProcessEventBus();
    return { publisher: bus, subscriber: bus, close: async () => undefined };
  },
});

turnQueueContract('in-process', {
  async create(options) {
    return { queue: createInProcessTurnQueue(options), close: async () => undefined };
  },
});
