import { requirementsContract } from './requirements-contract.js';

requirementsContract({ name: 'SQLite + in-process cache', database: 'sqlite' });
