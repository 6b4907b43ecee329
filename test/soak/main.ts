// `npm run soak [intents]`: the long soak (default 10,000 intents); prints the figures.
import { printFigures, runSoak } from './run-soak.ts';

const intents = Number(process.argv[2] ?? 10_000);
const figures = await runSoak({ intents, log: (line) => console.error(line) });
printFigures(figures);
process.exit(figures.doubleCharges === 0 && figures.undecided === 0 ? 0 : 1);
