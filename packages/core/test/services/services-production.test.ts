import { serviceUrl, describeWith } from '../support/services.js';
import { authContract } from './auth-contract.js';
import { conversationContract } from './conversation-contract.js';
import { sessionContract } from './session-contract.js';

describeWith('postgres', 'core services on PostgreSQL + Redis', (postgresUrl) => {
  const redisUrl = serviceUrl('redis');
  const backend = {
    name: redisUrl ? 'PostgreSQL + Redis' : 'PostgreSQL',
    database: 'postgres',
    postgresUrl,
    redisUrl,
  } as const;
  authContract(backend);
  sessionContract(backend);
  conversationContract(backend);
});
