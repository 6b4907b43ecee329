// Starts `server/main.ts` exactly as `npm start` does (a child process), on free ports, and reads
// the demo URL and the generated API key from what it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface MainProcess {
  url: string;
  sandboxUrl: string;
  apiKey: string;
  output: () => string;
  /** Mints a registration token through `POST /v1/tokens`, as a merchant backend does. */
  mint(body: object): Promise<string>;
  stop(): Promise<void>;
}

export async function startMain(env: Record<string, string> = {}): Promise<MainProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', SANDBOX_PORT: '0', IMP_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 90_000;
  while (!/IMPCARD_TOKEN_SECRET/.test(output)) {
    if (child.exitCode !== null) throw new Error(`server/main.ts exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server/main.ts did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = /demo:\s+(http:\/\/\S+?)\/?\s/.exec(output)?.[1];
  const sandboxUrl = /sandbox:\s+(http:\/\/\S+)/.exec(output)?.[1];
  const apiKey = /IMPCARD_API_KEY \(generated\): (\S+)/.exec(output)?.[1];
  if (!url || !sandboxUrl || !apiKey) throw new Error(`unexpected start-up output:\n${output}`);
  return {
    url,
    sandboxUrl,
    apiKey,
    output: () => output,
    async mint(body) {
      const res = await fetch(`${url}/v1/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`POST /v1/tokens answered ${res.status}`);
      return ((await res.json()) as { token: string }).token;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
