// Which engines the browser tests run in: IMPCARD_ENGINES, read alike by test/run.mjs,
// test/run-browser.mjs and the wtr config.

export const ENGINES = ['chromium', 'firefox', 'webkit'];

/** The engines named in IMPCARD_ENGINES (comma-separated), every engine when unset. */
export function selectedEngines(value = process.env.IMPCARD_ENGINES) {
  if (!value?.trim()) return [...ENGINES];
  const names = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((n) => !ENGINES.includes(n));
  if (unknown.length > 0)
    throw new Error(
      `IMPCARD_ENGINES: unknown engine ${unknown.join(', ')} (known: ${ENGINES.join(', ')})`,
    );
  return ENGINES.filter((e) => names.includes(e));
}

/** selectedEngines() for the runners: a mistyped IMPCARD_ENGINES is one line, not a stack trace. */
export function selectedEnginesOrExit() {
  try {
    return selectedEngines();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
