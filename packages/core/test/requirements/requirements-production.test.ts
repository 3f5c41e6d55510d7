import { describeWith, serviceUrl } from '../support/services.js';
import { requirementsContract } from './requirements-contract.js';

describeWith('postgres', 'requirements on PostgreSQL', (postgresUrl) => {
  const redisUrl = serviceUrl('redis');
  requirementsContract({
    name: redisUrl ? 'PostgreSQL + Redis' : 'PostgreSQL',
    database: 'postgres',
    postgresUrl,
    redisUrl,
  });
});
