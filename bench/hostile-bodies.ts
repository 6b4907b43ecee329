// Oversized bodies against `npm start`'s server: many clients at once each send a body far over
// the limit (with a Content-Length, or chunked), to a route that reads bodies and to an unknown
// path, over raw sockets so that what a client sees (a readable answer or a reset) is told apart.
// The server runs in its own process (a fresh one per case), so its RSS is its own: the baseline
// after start-up, the peak (the kernel's high-water mark, VmHWM) and the RSS after a collection
// once every client is done. `node --import tsx bench/hostile-bodies.ts [clients] [MB]` prints
// the table; test/soak/hostile-bodies.test.ts holds the bound.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { startChild } from './child-process.ts';
import { BENCH_TOKEN_SECRET } from './tokens.ts';

export type Framing = 'content-length' | 'chunked';

export interface BodyCase {
  path: string;
  framing: Framing;
}

export interface BodyCaseFigures extends BodyCase {
  clients: number;
  bytesPerClient: number;
  baselineRss: number;
  peakRss: number;
  idleRss: number;
  /** What the clients saw: an HTTP status, or the socket error they met before any answer. */
  seen: Record<string, number>;
  ms: number;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x61);

/**
 * One client: writes the request head and `bytes` of body (pausing when the socket is full), then
 * reads the answer, as a client that writes its whole body before reading does (curl, most SDKs),
 * and reports the status line it could read or the error it met before any answer.
 */
export function sendOversized(
  url: string,
  { path, framing }: BodyCase,
  bytes: number,
  options: { abortAfter?: number } = {},
): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let answer = '';
    let settled = false;
    const settle = (result: string) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(result);
    };
    const statusOf = () => /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
    socket.on('data', (data: Buffer) => {
      answer += data.toString('latin1');
      // The whole answer (head and a body of its Content-Length), then the client is done.
      const head = answer.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)/i.exec(answer)?.[1];
      if (head !== -1 && length !== undefined && answer.length >= head + 4 + Number(length)) {
        settle(statusOf() ?? 'garbled');
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      settle(statusOf() ?? error.code ?? 'error'),
    );
    socket.on('close', () => settle(statusOf() ?? 'closed'));
    // Nothing is read before the body is written: an answer sent early waits in the kernel.
    socket.pause();
    socket.on('connect', () => {
      const lengthHeader =
        framing === 'chunked' ? 'transfer-encoding: chunked' : `content-length: ${bytes}`;
      socket.write(
        `POST ${path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\n` +
          `content-type: application/json\r\n${lengthHeader}\r\n\r\n`,
      );
      const stopAt = options.abortAfter ?? bytes;
      let sent = 0;
      const pump = () => {
        while (sent < stopAt && !socket.destroyed) {
          const piece = CHUNK.subarray(0, Math.min(CHUNK.length, stopAt - sent));
          sent += piece.length;
          const framed =
            framing === 'chunked'
              ? socket.write(`${piece.length.toString(16)}\r\n`) &&
                socket.write(piece) &&
                socket.write('\r\n')
              : socket.write(piece);
          if (!framed) return void socket.once('drain', pump);
        }
        if (socket.destroyed) return;
        socket.resume();
        if (options.abortAfter !== undefined) {
          // Gone mid-body, as a closed tab or a killed process.
          settle('aborted');
        } else if (framing === 'chunked') {
          socket.write('0\r\n\r\n');
        }
      };
      pump();
    });
  });
}

/** The kernel's high-water mark of a process's resident set (Linux), in bytes. */
function peakRss(pid: number): number {
  const line = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Number(line[1]) * 1024 : 0;
}

/** Starts a fresh server, sends `clients` bodies of `bytes` at once, and measures its RSS. */
export async function measureBodyCase(
  bodyCase: BodyCase,
  clients: number,
  bytes: number,
): Promise<BodyCaseFigures> {
  const child = await startChild('impcard', {
    // Never called: every request here is refused before anything reaches i'mport.
    BENCH_UPSTREAM_URL: 'http://127.0.0.1:9',
    BENCH_TOKEN_SECRET,
  });
  try {
    const baseline = await child.stats({ gc: true });
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: clients }, () => sendOversized(child.url, bodyCase, bytes)),
    );
    const ms = Date.now() - started;
    const peak = peakRss(child.pid);
    // Timers the server set for the bodies it refused (a discard's deadline) run out first.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const idle = await child.stats({ gc: true });
    const seen: Record<string, number> = {};
    for (const result of results) seen[result] = (seen[result] ?? 0) + 1;
    return {
      ...bodyCase,
      clients,
      bytesPerClient: bytes,
      baselineRss: baseline.rss,
      peakRss: peak,
      idleRss: idle.rss,
      seen,
      ms,
    };
  } finally {
    await child.stop();
  }
}

export const BODY_CASES: readonly BodyCase[] = [
  { path: '/v1/registrations', framing: 'content-length' },
  { path: '/v1/registrations', framing: 'chunked' },
  { path: '/no/such/path', framing: 'content-length' },
  { path: '/no/such/path', framing: 'chunked' },
];

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

export function bodyCaseRow(f: BodyCaseFigures): string {
  const seen = Object.entries(f.seen)
    .map(([what, n]) => `${n}× ${what}`)
    .join(', ');
  return (
    `| ${f.path} | ${f.framing} | ${mb(f.baselineRss)} | ${mb(f.peakRss)} ` +
    `(+${mb(f.peakRss - f.baselineRss)}) | ${mb(f.idleRss)} | ${seen} | ${f.ms} ms |`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const clients = Number(process.argv[2] ?? 150);
  const bytes = Number(process.argv[3] ?? 10) * 1024 * 1024;
  console.log(`${clients} clients × ${mb(bytes)} each`);
  console.log('| path | framing | baseline | peak | idle after GC | clients saw | time |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const bodyCase of BODY_CASES) {
    console.log(bodyCaseRow(await measureBodyCase(bodyCase, clients, bytes)));
  }
}
