// Which engines a run covers: IMPCARD_ENGINES=chromium,firefox,webkit (any subset, any order; all
// three when unset or empty). Both the browser suite and the end-to-end suite read it here.
export const allEngines = ['chromium', 'firefox', 'webkit'];

/** The engines named by IMPCARD_ENGINES, in the order of allEngines; an unknown name throws. */
export function selectedEngines(value = process.env.IMPCARD_ENGINES) {
  const names = (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((n) => !allEngines.includes(n));
  if (unknown.length > 0)
    throw new Error(
      `IMPCARD_ENGINES: unknown engine ${unknown.join(', ')} (known: ${allEngines.join(', ')})`,
    );
  return names.length === 0 ? [...allEngines] : allEngines.filter((e) => names.includes(e));
}
