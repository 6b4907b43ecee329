// `npm start`: reads the environment (see the README's server section) and serves impcard on Node.
// With no IMP_KEY it runs in sandbox mode: the i'mport sandbox, dev secrets and the demo page.
// Every log line is JSON on stdout (the sandbox-mode banner for people aside).
import { jsonLineLogger, type LogLevel } from './app/logger.ts';
import { ensureWidgetBuilt } from './runtimes/node/ensure-widget-built.ts';

const log = (level: LogLevel, event: string, fields: Record<string, unknown> = {}) =>
  jsonLineLogger({ level, event, time: new Date().toISOString(), ...fields });

let running: Awaited<
  ReturnType<typeof import('./runtimes/node/start-node-server.ts').startNodeServer>
>;
try {
  // Before the server's modules load: they serve the widget from dist/ (a fresh clone has none).
  ensureWidgetBuilt();
  const { startNodeServer } = await import('./runtimes/node/start-node-server.ts');
  running = await startNodeServer(process.env);
} catch (error) {
  log('error', 'server.start_failed', {
    message: `impcard: ${error instanceof Error ? error.message : String(error)}`,
  });
  jsonLineLogger.flush();
  process.exit(1);
}

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  const started = performance.now();
  log('info', 'server.stopping', { signal });
  void running.close().then(() => {
    log('info', 'server.stopped', { signal, duration_ms: Math.round(performance.now() - started) });
    jsonLineLogger.flush();
    process.exit(0);
  });
}
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
