export * from './provenance.js';
export * from './requirement-values.js';
export * from './requirement-profile.js';
export * from './conflict.js';
export * from './clarifying-question.js';
export * from './requirements-state.js';
export type * from './requirements-version.js';
