import { DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET } from './create-sandbox.ts';
import { startSandbox } from './start-sandbox.ts';
import { DEFAULT_PORTONE_CHANNEL_KEY } from './v2/portone-channels.ts';
import {
  DEFAULT_PORTONE_API_SECRET,
  DEFAULT_PORTONE_STORE_ID,
  DEFAULT_PORTONE_WEBHOOK_SECRET,
} from './v2/portone-defaults.ts';

// `npm run sandbox`: the emulator alone, test controls on, loopback only.
const port = Number(process.env['SANDBOX_PORT'] ?? 8788);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(
    `SANDBOX_PORT must be a port number (0-65535), got "${process.env['SANDBOX_PORT']}"`,
  );
  process.exit(1);
}
const running = await startSandbox({ port, hostname: '127.0.0.1', testControls: true }).catch(
  (e: unknown) => {
    // e.g. EADDRINUSE: one line that names the port, not a stack trace.
    const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : 'ERROR';
    console.error(`cannot listen on 127.0.0.1:${port} (${code}); set SANDBOX_PORT to another port`);
    process.exit(1);
  },
);
// One write, so a reader of stdout sees the URL and the credentials together.
console.log(
  [
    `i'mport / PortOne V2 sandbox listening on ${running.url} (no real money moves)`,
    `  credentials: imp_key=${DEFAULT_IMP_KEY} imp_secret=${DEFAULT_IMP_SECRET}`,
    `  PortOne V2: PORTONE_API_URL=${running.url} PORTONE_API_SECRET=${DEFAULT_PORTONE_API_SECRET}`,
    `    PORTONE_STORE_ID=${DEFAULT_PORTONE_STORE_ID} PORTONE_CHANNEL_KEY=${DEFAULT_PORTONE_CHANNEL_KEY}`,
    `    PORTONE_WEBHOOK_SECRET=${DEFAULT_PORTONE_WEBHOOK_SECRET}`,
    `  test controls: ${running.url}/__sandbox/payments?merchant_uid=…, /__sandbox/faults, /__sandbox/reset`,
  ].join('\n'),
);

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing the sandbox`);
  void running.close().then(() => process.exit(0));
}
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
