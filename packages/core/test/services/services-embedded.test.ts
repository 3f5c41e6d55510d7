import { authContract } from './auth-contract.js';
import { conversationContract } from './conversation-contract.js';
import { sessionContract } from './session-contract.js';

const embedded = { name: 'SQLite + in-process cache', database: 'sqlite' } as const;

authContract(embedded);
sessionContract(embedded);
conversationContract(embedded);
