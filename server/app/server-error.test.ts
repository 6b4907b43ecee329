import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { failureOf } from './failure-of.ts';
import { ServerError } from './server-error.ts';
import { StoreUnavailableError } from './store/store.ts';

describe('ServerError in Hono’s error flow', () => {
  it('is an HTTPException whose getResponse() is the typed failure', async () => {
    const error = new ServerError('RATE_LIMITED', 'Too many attempts; try again later.', {
      retryAfter: 7,
    });
    assert.ok(error instanceof HTTPException);
    assert.equal(error.status, 429);
    const res = error.getResponse();
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '7');
    assert.deepEqual(await res.json(), {
      status: 'failed',
      code: 'RATE_LIMITED',
      message: 'Too many attempts; try again later.',
    });
  });

  it('answers typed from an app with Hono’s default error handler', async () => {
    const app = new Hono().get('/', () => {
      throw new ServerError('FORBIDDEN', 'Not for you.');
    });
    const res = await app.request('/');
    assert.equal(res.status, 403);
    assert.deepEqual(await res.json(), {
      status: 'failed',
      code: 'FORBIDDEN',
      message: 'Not for you.',
    });
  });
});

describe('failureOf', () => {
  it('maps a foreign HTTPException by its status, keeping a 4xx a 4xx', () => {
    const of = (status: 400 | 401 | 403 | 404 | 413 | 422 | 429 | 503, message?: string) => {
      const failure = failureOf(new HTTPException(status, message ? { message } : {}));
      return [failure.status, failure.code];
    };
    assert.deepEqual(of(400), [400, 'INVALID_REQUEST']);
    assert.deepEqual(of(401), [401, 'UNAUTHORIZED']);
    assert.deepEqual(of(403), [403, 'FORBIDDEN']);
    assert.deepEqual(of(404), [404, 'NOT_FOUND']);
    assert.deepEqual(of(413), [413, 'PAYLOAD_TOO_LARGE']);
    assert.deepEqual(of(422), [422, 'INVALID_REQUEST']);
    assert.deepEqual(of(429), [429, 'RATE_LIMITED']);
    assert.deepEqual(of(503, 'session store down'), [500, 'INTERNAL_ERROR']);
  });

  it('shows a short merchant message, never a long one or one with digit runs', () => {
    const message = (text: string) => failureOf(new HTTPException(403, { message: text })).message;
    assert.equal(message('Cards are disabled for this shop.'), 'Cards are disabled for this shop.');
    assert.equal(message('x'.repeat(201)), 'This request is not allowed.');
    assert.equal(message('user 9001001234567 blocked'), 'This request is not allowed.');
    assert.equal(message('   '), 'This request is not allowed.');
  });

  it('keeps our own errors, and maps the store and anything else', () => {
    const ours = new ServerError('NOT_FOUND', 'No such route.');
    assert.equal(failureOf(ours), ours);
    assert.equal(failureOf(new StoreUnavailableError('down')).code, 'STORE_UNAVAILABLE');
    const crash = failureOf(new TypeError('x is undefined'));
    assert.equal(crash.code, 'INTERNAL_ERROR');
    assert.ok(crash.cause instanceof TypeError);
  });
});
