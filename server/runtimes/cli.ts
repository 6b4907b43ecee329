#!/usr/bin/env node
// The `impcard` command. `impcard` serves the app from the environment (what `npm start` runs;
// sandbox mode when IMP_KEY is unset), `impcard sandbox` the i'mport emulator alone, `impcard
// check` the go-live checks of that same environment.
const USAGE = `usage: impcard [sandbox | check]

  impcard           the impcard server, configured from the environment
                    (no IMP_KEY: sandbox mode with the i'mport emulator and the demo page)
  impcard sandbox   the i'mport emulator alone on SANDBOX_PORT (default 8788)
  impcard check     checks the environment before going live (keys, PG channel, URLs,
                    secrets, Redis); one line per check, exit code 1 when one fails

Environment variables: see docs/server.md (PORT, HOST, IMP_KEY, IMP_SECRET, IMPCARD_TOKEN_SECRET,
IMPCARD_API_KEY, IMPCARD_ALLOWED_ORIGINS, REDIS_URL, ...).`;

const command = process.argv[2];
if (command === undefined || command === 'serve') {
  await import('../main.ts');
} else if (command === 'sandbox') {
  await import('../sandbox/main.ts');
} else if (command === 'check') {
  // The check holds the settings to createServer's own checks, whose module serves the widget
  // from dist/ (a fresh clone has none).
  const { ensureWidgetBuilt } = await import('./node/ensure-widget-built.ts');
  try {
    ensureWidgetBuilt();
    const { checkCommand } = await import('./node/check/check-command.ts');
    process.exitCode = await checkCommand(process.env, {
      print: (line) => console.log(line),
      tty: process.stdout.isTTY === true,
    });
  } catch (error) {
    console.log(
      `impcard check: could not run (${error instanceof Error ? error.message : String(error)})`,
    );
    process.exitCode = 1;
  }
} else if (command === '--help' || command === '-h' || command === 'help') {
  console.log(USAGE);
} else {
  console.error(`impcard: unknown command "${command}"\n\n${USAGE}`);
  process.exit(2);
}

// A module (top-level await), with nothing to export.
export {};
