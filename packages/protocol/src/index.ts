// Every module imports zod as a namespace, so bundlers keep only what the protocol uses (the browser
// bundle of @parley/client is a third of the size it is with `import { z }`).

export { ERROR_CODES, CLIENT_ERROR_CODES, type ErrorCode, type ClientErrorCode } from './error-codes.js';
export { errorBodySchema, type ErrorBody, type Envelope } from './error-body.js';
export * from './wire-values.js';
export {
  ROUTES,
  EXPORT_FORMATS,
  type ExportFormat,
  searchRequestSchema,
  routePath,
  type RouteContract,
  type RouteName,
  type RouteParams,
  type RouteBody,
  type RouteQuery,
  type RouteResponse,
} from './rest-routes.js';
export {
  CLIENT_EVENTS,
  SERVER_EVENTS,
  TURN_EVENTS,
  resumePointSchema,
  sessionRoom,
  userRoom,
  type ClientEventContract,
  type ClientEventName,
  type ServerEventName,
  type TurnEventName,
  type ClientPayload,
  type AckData,
  type ServerPayload,
  type AckResponse,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TurnEvent,
} from './socket-events.js';
