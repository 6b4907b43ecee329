import { defineConfig, type Plugin } from 'vite';

/**
 * Minifies the CSS inside Lit's css`…` in the widget's `*.styles.ts` files: the JS minifier keeps
 * template text as written, and the whitespace would cost the 16 KB budget a few hundred bytes.
 * The styles hold no `${}` expressions, so the whole literal is plain CSS.
 */
function minifyLitCss(): Plugin {
  return {
    name: 'impcard:minify-lit-css',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('.styles.ts')) return null;
      return code.replace(/css`([^`]*)`/g, (_, text: string) => {
        const min = text
          .replace(/\/\*[^]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/:\s+/g, ':')
          .replace(/\(\s+/g, '(')
          .replace(/\s+\)/g, ')')
          .replace(/=(['"])([\w-]+)\1\]/g, '=$2]')
          .replace(/([\s:(,])0\./g, '$1.')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${min}\``;
      });
    },
  };
}

/**
 * Collapses line breaks and indentation inside template literals (newline runs only), skipping
 * strings and comments. Used on the component after TypeScript, where the only multi-line
 * literals are its html`…` templates; every element they break lines between sits in a flex or
 * grid box, where whitespace-only text renders nothing.
 */
export function collapseTemplateWhitespace(code: string): string {
  let out = '';
  let i = 0;
  // What encloses the current position: a template's text, or a `${…}` with its open braces.
  const stack: Array<{ kind: 'text' } | { kind: 'expr'; depth: number }> = [];
  const copyUntil = (end: string, from: number): void => {
    const at = code.indexOf(end, from);
    const stop = at === -1 ? code.length : at + end.length;
    out += code.slice(i, stop);
    i = stop;
  };
  while (i < code.length) {
    const c = code[i]!;
    const top = stack.at(-1);
    if (top?.kind === 'text') {
      if (c === '`') stack.pop();
      else if (c === '\\') {
        out += code.slice(i, i + 2);
        i += 2;
        continue;
      } else if (c === '$' && code[i + 1] === '{') {
        stack.push({ kind: 'expr', depth: 0 });
        out += '${';
        i += 2;
        continue;
      } else if (c === '\n') {
        out = out.replace(/[ \t]+$/, '');
        while (i < code.length && /\s/.test(code[i]!)) i++;
        out += out.endsWith('>') && code[i] === '<' ? '' : ' ';
        continue;
      }
      out += c;
      i++;
      continue;
    }
    if (c === '`') stack.push({ kind: 'text' });
    else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < code.length && code[j] !== c) j += code[j] === '\\' ? 2 : 1;
      out += code.slice(i, j + 1);
      i = j + 1;
      continue;
    } else if (c === '/' && code[i + 1] === '/') {
      copyUntil('\n', i);
      continue;
    } else if (c === '/' && code[i + 1] === '*') {
      copyUntil('*/', i + 2);
      continue;
    } else if (top?.kind === 'expr') {
      if (c === '{') top.depth++;
      else if (c === '}' && top.depth-- === 0) stack.pop();
    }
    out += c;
    i++;
  }
  return out;
}

function collapseLitHtml(): Plugin {
  return {
    name: 'impcard:collapse-lit-html',
    transform(code, id) {
      return id.endsWith('/imp-card-form/imp-card-form.ts')
        ? collapseTemplateWhitespace(code)
        : null;
    },
  };
}

// Library build of the widget: `dist/imp-card.js` is an IIFE with everything bundled for a plain
// `<script src>`, `dist/imp-card.mjs` the same code as an ES module for bundlers and `type=module`.
export default defineConfig({
  plugins: [minifyLitCss(), collapseLitHtml()],
  build: {
    target: 'es2022',
    sourcemap: false,
    copyPublicDir: false,
    lib: {
      entry: 'widget/index.ts',
      name: 'ImpCard',
      formats: ['iife', 'es'],
      fileName: (format) => (format === 'iife' ? 'imp-card.js' : 'imp-card.mjs'),
    },
  },
});
