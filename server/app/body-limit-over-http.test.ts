// A very large body over a real socket gets a readable 413, not a reset. The
// client here behaves like curl: it sends the whole body before it reads the answer.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createHarness, serveOnLoopback, type Served } from '../testing/index.ts';

async function sendAll(port: number, size: number, chunked: boolean): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  socket.setEncoding('latin1');
  socket.on('data', (d: string) => (answer += d));
  const closed = new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('close', () => resolve());
  });
  const write = (data: string | Buffer) =>
    new Promise<void>((resolve, reject) =>
      socket.write(data, (error) => (error ? reject(error) : resolve())),
    );
  await write(
    'POST /v1/registrations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      (chunked ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${size}\r\n`) +
      'Connection: close\r\n\r\n',
  );
  const chunk = Buffer.alloc(64 * 1024, 'a');
  for (let sent = 0; sent < size; sent += chunk.length) {
    await write(
      chunked
        ? Buffer.concat([
            Buffer.from(`${chunk.length.toString(16)}\r\n`),
            chunk,
            Buffer.from('\r\n'),
          ])
        : chunk,
    );
  }
  if (chunked) await write('0\r\n\r\n');
  await closed;
  return answer;
}

describe('a body over the limit on a real socket', () => {
  let server: Served;
  let port = 0;
  before(async () => {
    server = await serveOnLoopback(createHarness().app.fetch);
    port = server.port;
  });
  after(() => server.close());

  for (const [label, size, chunked] of [
    ['8 MB with a Content-Length', 8 * 1024 * 1024, false],
    ['2 MB chunked', 2 * 1024 * 1024, true],
  ] as const) {
    it(`${label}: a readable 413 PAYLOAD_TOO_LARGE`, async () => {
      const answer = await sendAll(port, size, chunked);
      assert.match(answer, /^HTTP\/1\.1 413 /);
      assert.match(answer, /"code":"PAYLOAD_TOO_LARGE"/);
    });
  }
});
