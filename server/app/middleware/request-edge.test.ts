import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../app-env.ts';
import { serveOnLoopback } from '../../testing/index.ts';
import { bindLogger, createJsonLineLogger, type LogEntry } from '../logger.ts';
import { createServerMetrics } from '../metrics/server-metrics.ts';
import {
  isoTime,
  removeEdgeHeader,
  requestEdge,
  requestLine,
  SECURITY_HEADERS,
  setEdgeHeader,
} from './request-edge.ts';

function edgeApp() {
  const lines: LogEntry[] = [];
  const app = new Hono<AppEnv>();
  app.use(
    requestEdge({ logger: (entry) => lines.push(entry), now: () => 0 }, createServerMetrics()),
  );
  app.get('/plain', (c) => c.text('ok'));
  app.get('/own-csp', (c) => {
    c.header('Content-Security-Policy', 'frame-ancestors *');
    return c.text('ok');
  });
  app.get('/raw', () => new Response('raw', { headers: { 'X-Frame-Options': 'DENY' } }));
  app.get('/boom', () => {
    throw new Error('boom');
  });
  app.get('/framed', (c) => {
    removeEdgeHeader(c, 'X-Frame-Options');
    setEdgeHeader(c, 'Vary', 'Origin');
    return c.text('ok');
  });
  app.onError((_error, c) => c.json({ request_id: c.get('requestId') }, 500));
  return { app, lines };
}

describe('requestEdge', () => {
  it('sends exactly the headers hono/secure-headers would, as createServer configured it', async () => {
    const hono = new Hono();
    hono.use(
      secureHeaders({
        overwrite: false,
        contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
        crossOriginResourcePolicy: 'same-origin',
      }),
    );
    hono.get('/', (c) => c.text('ok'));
    const theirs = [...(await hono.request('/')).headers].filter(([k]) => k !== 'content-type');
    const ours = SECURITY_HEADERS.map(([k, v]) => [k.toLowerCase(), v] as const);
    assert.deepEqual(new Map(ours), new Map(theirs));
  });

  it("puts them and the request id on every answer, a handler's own header winning", async () => {
    const { app, lines } = edgeApp();
    for (const path of ['/plain', '/own-csp', '/raw', '/boom', '/missing']) {
      const res = await app.request(path);
      for (const [name, value] of SECURITY_HEADERS) {
        const own =
          (path === '/own-csp' && name === 'Content-Security-Policy') ||
          (path === '/raw' && name === 'X-Frame-Options');
        if (!own) assert.equal(res.headers.get(name), value, `${path} ${name}`);
      }
      assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/, path);
    }
    assert.equal(
      (await app.request('/own-csp')).headers.get('content-security-policy'),
      'frame-ancestors *',
    );
    assert.equal((await app.request('/raw')).headers.get('x-frame-options'), 'DENY');
    const boom = await app.request('/boom');
    assert.equal(
      ((await boom.json()) as { request_id: string }).request_id,
      boom.headers.get('x-request-id'),
    );
    assert.deepEqual(
      lines.filter((l) => l.event === 'request').map((l) => [l.path, l.status, l.level]),
      [
        ['/plain', 200, 'info'],
        ['/own-csp', 200, 'info'],
        ['/raw', 200, 'info'],
        ['/boom', 500, 'error'],
        ['/missing', 404, 'info'],
        ['/own-csp', 200, 'info'],
        ['/raw', 200, 'info'],
        ['/boom', 500, 'error'],
      ],
    );
  });

  it('keeps a plain caller id and replaces any other', async () => {
    const { app } = edgeApp();
    const id = async (given: string) =>
      (await app.request('/plain', { headers: { 'X-Request-Id': given } })).headers.get(
        'x-request-id',
      );
    assert.equal(await id('lb-123_abc='), 'lb-123_abc=');
    assert.notEqual(await id('has space'), 'has space');
    assert.notEqual(await id('x'.repeat(256)), 'x'.repeat(256));
  });

  it('puts the same headers on answers over HTTP, where they go on the Node response', async () => {
    const { app } = edgeApp();
    const served = await serveOnLoopback(app.fetch);
    try {
      for (const path of ['/plain', '/own-csp', '/raw', '/boom', '/missing', '/framed']) {
        const res = await fetch(`${served.url}${path}`);
        await res.arrayBuffer();
        for (const [name, value] of SECURITY_HEADERS) {
          const own =
            (path === '/own-csp' && name === 'Content-Security-Policy') ||
            (path === '/raw' && name === 'X-Frame-Options');
          if (path === '/framed' && name === 'X-Frame-Options') {
            assert.equal(res.headers.get(name), null, 'removed by the handler');
          } else if (!own) assert.equal(res.headers.get(name), value, `${path} ${name}`);
        }
        assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/, path);
      }
      const ownCsp = await fetch(`${served.url}/own-csp`);
      assert.equal(ownCsp.headers.get('content-security-policy'), 'frame-ancestors *');
      const raw = await fetch(`${served.url}/raw`);
      assert.equal(raw.headers.get('x-frame-options'), 'DENY');
      assert.equal((await fetch(`${served.url}/framed`)).headers.get('vary'), 'Origin');
    } finally {
      await served.close();
    }
  });

  it('writes the request line the JSON-lines sink would write for the entry', () => {
    const written: string[] = [];
    const sink = createJsonLineLogger((text) => written.push(text));
    const cases: [string, string, string, number, number][] = [
      ['5d2c3f1e-0000-4000-8000-000000000000', 'POST', '/v1/registrations', 400, 3],
      ['lb-123_abc=', 'GET', '/path/"quoted"\\back', 503, 0.25],
      ['x', 'OPTIONS', '/v1/%ED%95%9C', 200, Number.NaN],
    ];
    for (const [id, method, path, status, duration] of cases) {
      const log = bindLogger(sink, () => 1_765_000_000_123, id);
      log(status >= 500 ? 'error' : 'info', 'request', {
        method,
        path,
        status,
        duration_ms: duration,
      });
      sink.line(requestLine(1_765_000_000_123, id, method, path, status, duration));
    }
    sink.flush();
    const lines = written.join('\n').split('\n');
    assert.equal(lines.length, cases.length * 2);
    for (let i = 0; i < lines.length; i += 2) assert.equal(lines[i + 1], lines[i]);
  });

  it('writes the time as toISOString would, within a second and across seconds', () => {
    const times = [0, 999, 1000, 1_765_000_000_000, 1_765_000_000_007, 1_765_000_000_070];
    for (let t = 1_765_000_000_900; t < 1_765_000_001_100; t += 7) times.push(t);
    times.push(-1, -62_198_755_200_001, 253_402_300_800_000, 1.5);
    for (const t of times) assert.equal(isoTime(t), new Date(t).toISOString(), String(t));
  });
});
