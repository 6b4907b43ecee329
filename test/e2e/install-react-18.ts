// React 18 beside the repository's React 19, for the test that impcard/react still works with it:
// one npm project cannot hold both (react-dom 18 wants react 18 as its peer), so it gets its own,
// installed once into test/.artifacts and reused while the versions stay the same.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const VERSION = '18.3.1';
const dir = fileURLToPath(new URL('../.artifacts/react-18/', import.meta.url));

/** Installs react and react-dom 18 unless present; returns esbuild aliases that pick them. */
export function installReact18(): Record<'react' | 'react-dom', string> {
  const installed = (name: string) => {
    const manifest = `${dir}node_modules/${name}/package.json`;
    return (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version === VERSION
    );
  };
  if (!installed('react') || !installed('react-dom')) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}package.json`, JSON.stringify({ name: 'react-18', private: true }));
    execFileSync(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--no-save',
        '--prefer-offline',
        `react@${VERSION}`,
        `react-dom@${VERSION}`,
      ],
      { cwd: dir, stdio: 'ignore' },
    );
  }
  return { react: `${dir}node_modules/react`, 'react-dom': `${dir}node_modules/react-dom` };
}
