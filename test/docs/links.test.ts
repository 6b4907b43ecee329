// Every relative link of the manuals (README.md, README.ko.md, docs/**/*.md) names a file of the
// repository, and its #anchor a heading of that page, as GitHub renders it. The packaging test
// checks the same pages again as npm ships them; this one runs in the quick suite, reads links to
// examples/ and the sources too, and checks the anchors.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { docPages } from './doc-pages.ts';

const root = resolve(import.meta.dirname, '../..');

/** A fenced code block, from its opening fence to the closing one of the same indent. */
const FENCED = /^([ \t]*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1\2[ \t]*$/gm;

/** The page without its code: fenced blocks and inline code hold samples, not links. */
function prose(text: string): string {
  return text
    .replace(FENCED, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/(`+)[^`\n]*?\1/g, '');
}

/**
 * A heading's anchor as GitHub makes it (github-slugger): the text as rendered (no code ticks, a
 * link's text only), lower-cased, without punctuation, spaces as hyphens; Hangul stays.
 */
function slugOf(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a page: its headings' slugs (repeats numbered as GitHub does) and HTML ids. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const withoutFences = text.replace(FENCED, '');
  for (const [, heading] of withoutFences.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = slugOf(heading!);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  for (const [, id] of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(id!);
  return anchors;
}

/** The relative links of a page's prose: Markdown links and images, HTML src and href. */
function linksOf(text: string): string[] {
  const body = prose(text);
  const found = [
    ...[...body.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
    ...[...body.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!),
  ];
  return found.filter((target) => !/^[a-z][\w+.-]*:/i.test(target) && !target.startsWith('//'));
}

describe('links of README.md, README.ko.md and docs/**/*.md', () => {
  const pages = docPages(root);

  it('finds the pages, the Korean ones included', () => {
    for (const page of ['README.md', 'docs/api.md', 'docs/server.md', 'docs/migrate.md']) {
      assert.ok(pages.includes(page), page);
    }
    for (const page of ['README.ko.md', 'docs/ko/migrate.md'])
      assert.ok(pages.includes(page), page);
  });

  it('reads links the way GitHub renders them (a check of the checker)', () => {
    assert.equal(slugOf('React: `impcard/react`'), 'react-impcardreact');
    assert.equal(slugOf("The merchant page's CSP"), 'the-merchant-pages-csp');
    assert.equal(slugOf('Changes, each with before/after'), 'changes-each-with-beforeafter');
    assert.equal(
      slugOf('5분 만에 서버 띄우기 (Express·Hono·Next.js)'),
      '5분-만에-서버-띄우기-expresshononextjs',
    );
    const sample =
      '[a](x.md)\n```md\n[b](y.md)\n```\n`[c](z.md)` <img src="p.png"> [d](https://e.example)';
    assert.deepEqual(linksOf(sample), ['x.md', 'p.png']);
    assert.deepEqual([...anchorsOf('# A\n## A\n```\n# B\n```\n<a id="c"></a>')], ['a', 'a-1', 'c']);
  });

  it('resolve: every relative link names a file of the repository, every #anchor a heading', () => {
    const broken: string[] = [];
    const texts = new Map(pages.map((p) => [p, readFileSync(join(root, p), 'utf8')]));
    for (const [page, text] of texts) {
      for (const link of linksOf(text)) {
        const [rawPath = '', anchor] = link.split('#');
        const path = decodeURIComponent(rawPath);
        const target = path ? posix.normalize(posix.join(posix.dirname(page), path)) : page;
        const file = join(root, target);
        if (target.startsWith('..') || !existsSync(file)) {
          broken.push(`${page} → ${link}: no such file`);
          continue;
        }
        if (anchor === undefined || !target.endsWith('.md') || statSync(file).isDirectory()) {
          continue;
        }
        const anchors = anchorsOf(texts.get(target) ?? readFileSync(file, 'utf8'));
        if (!anchors.has(decodeURIComponent(anchor))) {
          broken.push(`${page} → ${link}: ${target} has no heading #${anchor}`);
        }
      }
    }
    assert.deepEqual(broken, []);
  });

  it('open README.md with the way to its Korean front door', () => {
    const first = readFileSync(join(root, 'README.md'), 'utf8').split('\n').slice(0, 3).join('\n');
    assert.match(first, /\[한국어\]\(README\.ko\.md\)/);
  });
});
