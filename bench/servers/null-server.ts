// The load generator's ceiling: a bare node:http server that reads each body and answers a
// constant. Whatever rate the generator reaches against this is the most it can measure of any
// contestant; a ratio between contestants means something only well below it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { announce } from './child-ipc.ts';

const ANSWER = Buffer.from('{"status":"failed","code":"INVALID_REQUEST"}');
const HEADERS = { 'content-type': 'application/json', 'content-length': String(ANSWER.length) };

const server = createServer((req, res) => {
  req.resume();
  req.once('end', () => {
    res.writeHead(400, HEADERS);
    res.end(ANSWER);
  });
});
server.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
announce(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
