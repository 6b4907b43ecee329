// `npm start`: reads the environment (see the README's server section) and serves impcard on Node.
// With no IMP_KEY it runs in sandbox mode: the i'mport sandbox, dev secrets and the demo page.
import { startNodeServer } from './app/node/start-node-server.ts';

let running: Awaited<ReturnType<typeof startNodeServer>>;
try {
  running = await startNodeServer(process.env);
} catch (error) {
  console.error(`impcard: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  void running.close().then(() => process.exit(0));
}
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
