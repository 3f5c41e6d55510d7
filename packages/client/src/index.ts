export { createParleyClient, type ParleyClient, type ParleyClientOptions } from './create-parley-client.js';
export type { ClientTurn, ClientTurnEvent } from './client-turn.js';
export { ParleyClientError } from './parley-client-error.js';
export type { SocketSettings } from './socket-transport.js';
export type {
  ClientErrorCode,
  ErrorCode,
  ServerEventName,
  ServerPayload,
  WireKeptResult,
  WireMemoryItem,
  WireMessage,
  WireRequirementsVersion,
  WireRequirementsView,
  WireSearchRun,
  WireSession,
  WireUser,
} from '@parley/protocol';
