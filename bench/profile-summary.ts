// Summarises a V8 .cpuprofile (from `npm run bench -- --profile`) by self time: per function and
// per package/file, so "what dominates the server's CPU" has a figure.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package name, a project file, or a Node/V8 category. */
function ownerOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url;
  const project = /\/(server|widget|bench)\/(.*)$/.exec(url);
  return project ? `${project[1]}/${project[2]}` : url;
}

export function summariseProfile(file: string, top = 25): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfUs].reduce(
    (sum, [id, us]) => (byId.get(id)?.callFrame.functionName === '(idle)' ? sum + us : sum),
    0,
  );
  const busy = total - idle;
  const fns = new Map<string, number>();
  const owners = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    const owner = ownerOf(url, functionName);
    const key = `${functionName || '(anonymous)'} ${owner}:${lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    owners.set(owner, (owners.get(owner) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / busy) * 100).toFixed(1)}%`;
  const lines = [`busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms sampled`];
  lines.push('', 'self time by package / file:');
  for (const [owner, us] of [...owners].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`  ${pct(us).padStart(6)}  ${owner}`);
  }
  lines.push('', 'self time by function:');
  for (const [fn, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`  ${pct(us).padStart(6)}  ${fn}`);
  }
  return lines.join('\n');
}

// `node --import tsx bench/profile-summary.ts file.cpuprofile [top]`
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2]) {
  console.log(summariseProfile(process.argv[2], Number(process.argv[3] ?? 25)));
}
