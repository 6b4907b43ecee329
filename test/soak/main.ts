// `npm run soak [intents]`: the long soak (default 10,000 intents, 5 late landings); prints the
// figures.
import { printFigures, runSoak } from './run-soak.ts';

const intents = Number(process.argv[2] ?? 10_000);
const figures = await runSoak({ intents, lateLandings: 5, log: (line) => console.error(line) });
printFigures(figures);
const sound =
  figures.doubleCharges === 0 && figures.undecided === 0 && figures.silentReplacements === 0;
process.exit(sound ? 0 : 1);
