import { errorBodySchema, ROUTES } from '@parley/protocol';
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { Route } from './define-route.js';

const errorResponse = {
  description: 'The error envelope; the status comes from the code (docs/errors.md)',
  content: { 'application/json': { schema: z.object({ ok: z.literal(false), error: errorBodySchema }) } },
};

/**
 * The OpenAPI 3.1 document of the routes a router mounts, generated from the protocol's zod
 * declarations (R12.2); `serverUrl` is the router's mount path, so paths read as in docs/protocol.md.
 */
export function openApiDocument(routes: readonly Route[], serverUrl: string): Record<string, unknown> {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const contract = ROUTES[route.name];
    const names = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]!);
    const document = 'answers' in contract && contract.answers === 'document';
    const success = document
      ? { description: contract.summary, content: { [mediaType(route.name)]: { schema: contract.response } } }
      : {
          description: contract.summary,
          content: {
            'application/json': { schema: z.object({ ok: z.literal(true), data: contract.response }) },
          },
        };
    const operation: ZodOpenApiOperationObject = {
      operationId: route.name,
      summary: contract.summary,
      ...(route.auth ? { security: [{ bearer: [] }, { cookie: [] }] } : {}),
      requestParams: {
        ...(names.length > 0
          ? { path: z.object(Object.fromEntries(names.map((name) => [name, z.string()]))) }
          : {}),
        ...('query' in contract ? { query: contract.query } : {}),
      },
      ...('body' in contract
        ? { requestBody: { content: { 'application/json': { schema: contract.body } } } }
        : {}),
      responses: { [String(route.status)]: success, default: errorResponse },
    };
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method]: operation };
  }
  return createDocument({
    openapi: '3.1.0',
    info: { title: 'Parley', version: '1', description: 'REST API of a Parley server (docs/protocol.md).' },
    servers: [{ url: serverUrl || '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'jwt' },
      },
    },
    paths,
  }) as unknown as Record<string, unknown>;
}

function mediaType(name: Route['name']): string {
  return name === 'exportSession' ? 'text/markdown' : 'application/json';
}
