import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ChildStats, ParentMessage } from './servers/child-ipc.ts';

const root = fileURLToPath(new URL('../', import.meta.url));

/** A server the bench started in its own process (so its CPU time is its own). */
export interface BenchChild {
  url: string;
  pid: number;
  stats(options?: { gc?: boolean }): Promise<ChildStats>;
  tell(message: ParentMessage): void;
  /** Lines the child wrote to stdout (its logs), counted and dropped. */
  stdoutLines(): number;
  stop(): Promise<void>;
}

/** Starts `bench/servers/<name>.ts` under tsx and waits for its URL. */
export async function startChild(
  name: string,
  env: Record<string, string>,
  options: { cpuProfileDir?: string | undefined } = {},
): Promise<BenchChild> {
  const profile = options.cpuProfileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`]
    : [];
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', ...profile, `bench/servers/${name}.ts`],
    {
      cwd: root,
      env: { ...process.env, ...env },
      // stdout is a pipe, as under a process manager or a container's log driver; it is drained.
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    },
  );
  let lines = 0;
  child.stdout?.on('data', (chunk: Buffer) => {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  });
  const pending: ((stats: ChildStats) => void)[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server ${name} exited (${code})`)));
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') resolve(message.url);
      if (message.type === 'stats') pending.shift()?.(message);
    });
  });
  child.removeAllListeners('exit');
  return {
    url,
    pid: child.pid ?? 0,
    stats(options = {}) {
      return new Promise((resolve) => {
        pending.push(resolve);
        child.send({ type: 'stats', gc: options.gc ?? false } satisfies ParentMessage);
      });
    },
    tell(message) {
      child.send(message);
    },
    stdoutLines: () => lines,
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        // Through IPC rather than a signal, so the child exits normally (and writes a CPU profile).
        child.disconnect();
      });
    },
  };
}
