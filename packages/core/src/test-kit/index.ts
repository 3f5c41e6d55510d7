export { eventBusContract, type EventBusFactory } from './event-bus-contract.js';
export { turnQueueContract, type TurnQueueFactory } from './turn-queue-contract.js';
