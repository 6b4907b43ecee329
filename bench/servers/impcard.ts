// impcard as `npm start` runs it in production mode (IMP_KEY set): JSON logs to stdout, the memory
// store (Redis with BENCH_REDIS_URL), the default rate limits except the per-IP one, raised because every bench request comes
// from 127.0.0.1 (its counter is still kept, so its cost is measured).
// BENCH_IMPCARD_ROOT points at another checkout (`--variants`): its server code is measured with
// this harness, for before/after figures of one change.
import { pathToFileURL } from 'node:url';
import type * as StartNodeServer from '../../server/runtimes/node/start-node-server.ts';
import { DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET } from '../../server/sandbox/index.ts';
import { announce } from './child-ipc.ts';

const root = process.env.BENCH_IMPCARD_ROOT
  ? pathToFileURL(`${process.env.BENCH_IMPCARD_ROOT.replace(/\/?$/, '/')}`)
  : new URL('../../', import.meta.url);
const { startNodeServer } = (await import(
  new URL('server/runtimes/node/start-node-server.ts', root).href
)) as typeof StartNodeServer;

const running = await startNodeServer(
  {
    PORT: '0',
    HOST: '127.0.0.1',
    IMP_KEY: DEFAULT_IMP_KEY,
    IMP_SECRET: DEFAULT_IMP_SECRET,
    IMP_API_URL: process.env.BENCH_UPSTREAM_URL,
    IMPCARD_TOKEN_SECRET: process.env.BENCH_TOKEN_SECRET,
    IMPCARD_API_KEY: 'bench-api-key-0123456789abcdef',
    // The rate-limited run (BENCH_RATE_LIMIT_IP=30/60) meets the default per-IP limit.
    IMPCARD_RATE_LIMIT_IP: process.env.BENCH_RATE_LIMIT_IP ?? '1000000000/60',
    ...(process.env.BENCH_REDIS_URL ? { REDIS_URL: process.env.BENCH_REDIS_URL } : {}),
  },
  { print: () => {} },
);
announce(`http://127.0.0.1:${running.port}`);
