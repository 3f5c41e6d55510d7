/** `@parley/core/knex`: the store adapter (SQLite and PostgreSQL through Knex) and its options. */
export {
  createKnexStore,
  type KnexStoreConfigOptions,
  type KnexStoreInstanceOptions,
  type KnexStoreOptions,
} from '../adapters/store/knex-store.js';
