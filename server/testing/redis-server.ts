// A real redis-server for tests, on a free loopback port, that a test can stop and start again.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

/** A skip reason for node:test when redis-server is not installed, else false. */
export const redisMissing = existsSync(REDIS_SERVER)
  ? false
  : `${REDIS_SERVER} is missing (apt-get install -y redis-server): Redis tests skipped`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  const server = createNetServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

export interface TestRedis {
  url: string;
  port: number;
  /** Stops it (SIGTERM, or SIGKILL for a crash). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port (and, with appendonly, the same data). */
  start(): Promise<void>;
}

/** Starts redis-server; `appendonly` keeps data across a restart (AOF in a temp directory). */
export async function startRedis(options: { appendonly?: boolean } = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'impcard-redis-'));
  let child: ChildProcess | undefined;
  async function start(): Promise<void> {
    const proc = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        options.appendonly ? 'yes' : 'no',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 10_000;
    while (!out.includes('Ready to accept connections')) {
      if (Date.now() > deadline || proc.exitCode !== null) {
        throw new Error(`redis-server did not start:\n${out}`);
      }
      await sleep(20);
    }
  }
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop(signal = 'SIGTERM') {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill(signal);
      await once(proc, 'exit');
    },
    start,
  };
}
