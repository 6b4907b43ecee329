import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';

export interface LoadOptions {
  url: string;
  path: string;
  connections: number;
  /** Seconds; ignored when `amount` is given. */
  durationS?: number;
  /** Stop after this many requests. */
  amount?: number;
  /**
   * The bodies, made before the run and sent in turn (cycled when the run outlasts them): a
   * registration token is single-use, so a registration run needs one per request.
   */
  bodies: readonly string[];
  /** A path per body, instead of `path` (e.g. a new customer_uid each time). */
  paths?: readonly string[];
  headers?: Record<string, string>;
}

/** What the generator process is asked to run (the options without functions). */
export type GeneratorRequest = LoadOptions;

export interface GeneratorResult {
  ok: number;
  non2xx: number;
  errors: number;
  durationS: number;
  p50: number;
  p99: number;
  statusCodes: Record<string, number>;
  /** The generator's own CPU during the run, µs: near a core's worth of the run, it is the limit. */
  generatorCpuUs: number;
}

export interface LoadResult extends GeneratorResult {
  /** 2xx answers per second (or all answers per second for the rejection runs: see `answered`). */
  rps: number;
  answered: number;
}

let generator:
  Promise<{ child: ChildProcess; queue: ((m: GeneratorMessage) => void)[] }> | undefined;
type GeneratorMessage =
  | { type: 'result'; result: GeneratorResult }
  | { type: 'error'; message: string }
  | { type: 'ready' };

/** The generator's process, started once and reused (bench/load-generator.ts). */
function generatorProcess() {
  generator ??= new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('load-generator.ts', import.meta.url))],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' },
    );
    const queue: ((m: GeneratorMessage) => void)[] = [];
    child.once('exit', (code) => reject(new Error(`load generator exited (${code})`)));
    child.on('message', (message: GeneratorMessage) => {
      if (message.type === 'ready') {
        child.removeAllListeners('exit');
        resolve({ child, queue });
      } else queue.shift()?.(message);
    });
  });
  return generator;
}

/** Ends the generator's process (the end of the bench). */
export async function stopGenerator(): Promise<void> {
  if (!generator) return;
  const { child } = await generator;
  generator = undefined;
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.disconnect();
  });
}

/**
 * One autocannon run against a POST endpoint, in the generator's own process. The bodies cross
 * to it before the run starts; the caller's CPU readings of a server taken around this call
 * include the transfer, which the server does not take part in.
 */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const { child, queue } = await generatorProcess();
  const message = await new Promise<GeneratorMessage>((resolve) => {
    queue.push(resolve);
    child.send({ type: 'run', spec: options });
  });
  if (message.type !== 'result') {
    throw new Error(`load generator: ${message.type === 'error' ? message.message : 'no result'}`);
  }
  const { result } = message;
  const answered = result.ok + result.non2xx;
  return { ...result, rps: result.ok / result.durationS, answered };
}

/**
 * p50 in ms to 0.01 ms of requests sent one after another (autocannon's histogram counts whole
 * milliseconds, too coarse for what one more hop adds at concurrency 1). In this process: at c=1
 * the generator is idle most of the time, and each body is taken before its clock starts.
 */
export async function sequentialP50(options: LoadOptions): Promise<number> {
  const times: number[] = [];
  const until = performance.now() + (options.durationS ?? 5) * 1000;
  for (let i = 0; performance.now() < until; i++) {
    const body = options.bodies[i % options.bodies.length]!;
    const path = options.paths?.[i % options.paths.length] ?? options.path;
    const started = performance.now();
    const answer = await request(`${options.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body,
    });
    await answer.body.text();
    if (answer.statusCode >= 300) throw new Error(`sequential run: HTTP ${answer.statusCode}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1] ?? Number.NaN;
}
