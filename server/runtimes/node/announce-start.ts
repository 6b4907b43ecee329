import type { Logger } from '../../app/logger.ts';

export interface StartAnnouncement {
  url: string;
  /** The i'mport sandbox's URL in sandbox mode. */
  sandboxUrl: string | undefined;
  /** The i'mport API used outside sandbox mode. */
  iamportUrl: string;
  /** Which API of the sandbox the server uses in sandbox mode. @default 'iamport' */
  upstream?: 'iamport' | 'portone';
  store: 'redis' | 'memory';
  /** Shown when generated (sandbox mode without them set), so the demo's user can call the API. */
  generated: { apiKey?: string | undefined; tokenSecret?: string | undefined };
}

/**
 * Says the server is up: in sandbox mode a banner for the person at the terminal (nothing real
 * happens, here is the demo, here are the generated secrets) and a warning log line; otherwise
 * one `server.started` log line.
 */
export function announceStart(
  started: StartAnnouncement,
  print: (line: string) => void,
  logger: Logger,
): void {
  const time = new Date().toISOString();
  if (started.sandboxUrl === undefined) {
    logger({
      level: 'info',
      event: 'server.started',
      time,
      url: started.url,
      iamport_url: started.iamportUrl,
      store: started.store,
    });
    return;
  }
  print('');
  print('  ┌──────────────────────────────────────────────────────────┐');
  print('  │  SANDBOX MODE — no real money moves (IMP_KEY is not set)  │');
  print('  └──────────────────────────────────────────────────────────┘');
  print(`  demo:            ${started.url}/`);
  if (started.upstream === 'portone') {
    print(`  PortOne V2 sandbox: ${started.sandboxUrl} (test controls under /__sandbox/)`);
  } else {
    print(`  i'mport sandbox: ${started.sandboxUrl} (test controls under /__sandbox/)`);
  }
  if (started.generated.apiKey) print(`  IMPCARD_API_KEY (generated): ${started.generated.apiKey}`);
  if (started.generated.tokenSecret) {
    print(`  IMPCARD_TOKEN_SECRET (generated): ${started.generated.tokenSecret}`);
  }
  print('');
  logger({
    level: 'warn',
    event: 'sandbox_mode',
    time,
    message: 'SANDBOX MODE — no real money moves',
    url: started.url,
  });
}
