import { Validator } from '@seriousme/openapi-schema-validator';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParleyRouter } from '../src/index.js';
import { PARLEY_ROUTES } from '../src/http/parley-routes.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** `method path` of every operation in an OpenAPI document, with `{id}` written back as `:id`. */
function operations(document: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );
}

describe('GET /openapi.json', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('serves a valid OpenAPI 3.1 document listing every route the router mounts', async () => {
    const res = await request(server.url).get('/api/v1/openapi.json').expect(200);
    const result = await new Validator().validate(res.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.servers).toEqual([{ url: '/api/v1' }]);
    expect(operations(res.body).sort()).toEqual(
      PARLEY_ROUTES.map((route) => `${route.method} ${route.path}`).sort(),
    );
    expect(
      res.body.paths['/sessions/{id}/messages'].post.requestBody.content['application/json'].schema,
    ).toEqual(expect.objectContaining({ required: ['content'] }));
  });

  it('lives under the mount path of an embedded router, without the login routes when the host brings its identity', async () => {
    const router = createParleyRouter(server.parley, { resolveUser: async () => null });
    const app = express().use('/api/parley', router);
    const res = await request(app).get('/api/parley/openapi.json').expect(200);
    await router.close();
    expect(res.body.servers).toEqual([{ url: '/api/parley' }]);
    expect(operations(res.body)).not.toContain('post /auth/login');
    expect(operations(res.body)).toContain('get /me');
  });
});
