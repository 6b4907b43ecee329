import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createJsonLineLogger, iamportLogEntry, type LogEntry } from './logger.ts';

const entry = (n: number): LogEntry => ({ level: 'info', event: 'request', time: 't', n });

describe('createJsonLineLogger', () => {
  it('writes nothing on the request path, then one batch of lines in order at the turn’s end', async () => {
    const writes: string[] = [];
    const logger = createJsonLineLogger((text) => writes.push(text));
    for (let n = 0; n < 3; n++) logger(entry(n));
    assert.equal(writes.length, 0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(writes.length, 1);
    const lines = writes[0]!.split('\n').map((line) => JSON.parse(line) as LogEntry);
    assert.deepEqual(
      lines.map((line) => line.n),
      [0, 1, 2],
    );
  });

  it('flush() writes at once, and a full buffer is written without waiting', () => {
    const writes: string[] = [];
    const logger = createJsonLineLogger((text) => writes.push(text));
    logger(entry(1));
    logger.flush();
    assert.deepEqual(writes, [JSON.stringify(entry(1))]);
    logger.flush();
    assert.equal(writes.length, 1, 'an empty buffer writes nothing');
    for (let n = 0; n < 2000; n++) logger({ ...entry(n), pad: 'x'.repeat(64) });
    assert.ok(writes.length >= 2, 'a 64 KB batch went out before the turn ended');
    logger.flush();
    const all = writes.slice(1).join('\n').split('\n');
    assert.equal(all.length, 2000);
    assert.equal((JSON.parse(all[1999]!) as LogEntry).n, 1999);
  });
});

describe('iamportLogEntry', () => {
  it('names the i’mport client’s fields in snake_case, like every other log line', () => {
    const http = iamportLogEntry(
      {
        type: 'http',
        method: 'POST',
        path: '/x',
        status: 200,
        durationMs: 21,
        retries: 0,
        upstreamCode: 0,
      },
      'now',
    );
    assert.deepEqual(http, {
      level: 'info',
      event: 'iamport.http',
      time: 'now',
      method: 'POST',
      path: '/x',
      status: 200,
      duration_ms: 21,
      retries: 0,
      upstream_code: 0,
    });
    const token = iamportLogEntry(
      { type: 'token', action: 'fetched', expiresInS: 1800, skewMs: -3 },
      'now',
    );
    assert.equal(token.expires_in_s, 1800);
    assert.equal(token.skew_ms, -3);
    assert.doesNotMatch(JSON.stringify([http, token]), /[a-z][A-Z]/);
  });

  it('makes refused credentials an error that says which settings to check', () => {
    const refused = iamportLogEntry(
      {
        type: 'http',
        method: 'POST',
        path: '/users/getToken',
        status: 401,
        durationMs: 9,
        retries: 0,
      },
      'now',
    );
    assert.equal(refused.level, 'error');
    assert.match(String(refused['hint']), /IMP_KEY\/IMP_SECRET/);
    const fine = iamportLogEntry(
      {
        type: 'http',
        method: 'POST',
        path: '/users/getToken',
        status: 200,
        durationMs: 9,
        retries: 0,
      },
      'now',
    );
    assert.equal(fine.level, 'info');
    assert.equal(fine['hint'], undefined);
  });
});
