/**
 * The Socket.IO protocol as the server uses it: every event and payload comes from
 * `@parley/protocol` (declared once with zod); this module only re-exports what hosts type with.
 */
export {
  sessionRoom,
  userRoom,
  type Ack,
  type AckData,
  type AckResponse,
  type ClientPayload,
  type ClientToServerEvents,
  type ServerPayload,
  type ServerToClientEvents,
} from '@parley/protocol';

/**
 * A core value as it arrives over JSON: dates become ISO strings. Emitting `Wire<T>` where the
 * protocol expects its payload makes the compiler check the core's types against the protocol's.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** A core value typed as what JSON makes of it; Socket.IO and `res.json` do the conversion. */
export const wire = <T>(value: T): Wire<T> => value as Wire<T>;
