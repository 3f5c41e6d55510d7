/**
 * `@parley/core/internal`: NOT a public API. Pieces the sibling packages (server tests, bench) share
 * with the core; they change without notice and without a major version.
 */
export { createLogger } from '../logging/create-logger.js';
export { ContextBuilder, systemInstructions } from '../services/chat/context-builder.js';
