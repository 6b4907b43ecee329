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

// Library build of the widget: `dist/imp-card.js` is an IIFE with everything bundled for a plain
// `<script src>`, `dist/imp-card.mjs` the same code as an ES module for bundlers and `type=module`.
export default defineConfig({
  plugins: [minifyLitCss()],
  build: {
    target: 'es2022',
    sourcemap: false,
    copyPublicDir: false,
    // Korean texts as \uXXXX escapes: they render right even where the script is served without a
    // UTF-8 charset.
    rolldownOptions: { output: { charset: 'ascii' } },
    lib: {
      entry: 'widget/index.ts',
      name: 'ImpCard',
      formats: ['iife', 'es'],
      fileName: (format) => (format === 'iife' ? 'imp-card-inline.js' : 'imp-card.mjs'),
    },
  },
});
