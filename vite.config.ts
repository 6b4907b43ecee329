import { literalsHtmlCssMinifier } from '@literals/rollup-plugin-html-css-minifier';
import MagicString from 'magic-string';
import { defineConfig, type Plugin } from 'vite';

/**
 * Minifies the CSS inside `unsafeCSS(`…`)` in the widget's `*.styles.ts` files: the JS minifier
 * keeps template text as written, and the whitespace would cost the budget a few hundred bytes.
 * The styles hold no `${}` expressions, so the whole literal is plain CSS.
 */
function minifyLitCss(): Plugin {
  return {
    name: 'impcard:minify-lit-css',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('.styles.ts')) return null;
      // With a source map, so a bundle analysis can tell the styles' bytes from their neighbours'.
      const out = new MagicString(code);
      for (const m of code.matchAll(/unsafeCSS\(`([^`]*)`/g)) {
        const min = m[1]!
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
        out.overwrite(m.index, m.index + m[0].length, `unsafeCSS(\`${min}\``);
      }
      return { code: out.toString(), map: out.generateMap({ hires: true }) };
    },
  };
}

/**
 * Cuts the bundled Lit off from the page's globals: the polyfill and hydration hooks
 * (`litHtmlPolyfillSupport`, `litElementHydrateSupport`…) that a page sets up for its own Lit and
 * that would otherwise patch this private copy too, and the version registries
 * (`litHtmlVersions`…) that only Lit's dev mode reads. The form needs a browser with native shadow
 * DOM anyway (its styles use `light-dark()`). Also drops the text of Lit's two developer errors
 * (a `CSSResult` built by hand, a fake template strings array): this copy's `css` and `html` are
 * not exported, so only this bundle's own code could trigger them; the checks stay. About 165 B
 * gzipped in all. Fails the build when a Lit release no longer looks as expected.
 */
function trimBundledLit(): Plugin {
  const files =
    /\/(?:lit-html\/lit-html|lit-element\/lit-element|@lit\/reactive-element\/(?:reactive-element|css-tag))\.js$/;
  const hooks = /\b\w+\.(?:litHtml|litElement|reactiveElement)(?:Polyfill|Hydrate)Support\b/g;
  const versions =
    /\(\w+\.(?:litHtml|litElement|reactiveElement)Versions\?\?=\[\]\)\.push\("[\d.]+"\)/g;
  const messages = /throw Error\("[^"]*"\)/g;
  return {
    name: 'impcard:trim-bundled-lit',
    transform(code, id) {
      if (!files.test(id)) return null;
      const out = new MagicString(code);
      // In parentheses: `void 0?.(…)` would read as `void (0?.(…))` and call 0.
      for (const [pattern, by] of [
        [hooks, '(void 0)'],
        [versions, '(void 0)'],
        [messages, 'throw Error()'],
      ] as const) {
        for (const m of code.matchAll(pattern)) out.overwrite(m.index, m.index + m[0].length, by);
      }
      if (!out.hasChanged() || /Support\b|Versions\b/.test(out.toString())) {
        this.error(`${id}: not the Lit code trimBundledLit expects; check it against this Lit`);
      }
      return { code: out.toString(), map: out.generateMap({ hires: true }) };
    },
  };
}

/**
 * Cuts from the bundled Lit the paths the form can never take, each found by its exact shape (the
 * build fails when a Lit release no longer has it):
 * - the `<style>` fallback for browsers without constructable stylesheets: the form's styles need
 *   `light-dark()`, and every browser with it adopts stylesheets (about 150 B gzipped);
 * - the JSON converters of `type: Object`/`Array` properties: the form declares none with an
 *   attribute (`messages` is `attribute: false`), and its properties are fixed (about 45 B);
 * - in lit-html's template preparation, svg`…`/mathml`…` results and bindings inside raw-text
 *   elements (`<textarea>`, `<style>`…) or comments: the form's templates are html`…` with none of
 *   these, and a binding added in one would leave its marker or shift the others (about 170 B).
 * Lit's public API (`addInitializer`, decorators' metadata…) stays whole, for subclasses.
 */
function trimUnusedLitPaths(): Plugin {
  const litHtml = /\/lit-html\/lit-html\.js$/;
  const cuts: ReadonlyArray<readonly [file: RegExp, shape: RegExp, by: string]> = [
    [
      /\/@lit\/reactive-element\/css-tag\.js$/,
      /\w+\.ShadowRoot&&\(void 0===\w+\.ShadyCSS\|\|\w+\.ShadyCSS\.nativeShadow\)&&"adoptedStyleSheets"in Document\.prototype&&"replace"in CSSStyleSheet\.prototype/,
      '!0',
    ],
    // svg`…` and mathml`…` results: the form's templates are all html`…`.
    [litHtml, /2===(\w+)\?"<svg>":3===\1\?"<math>":""/, '""'],
    [litHtml, /\+\(2===(\w+)\?"<\/svg>":3===\1\?"<\/math>":""\)/, ''],
    [
      litHtml,
      /,2===(\w+)\|\|3===\1\)\{const (\w+)=[^;]+;\2\.replaceWith\(\.\.\.\2\.childNodes\)\}/,
      ',0){}',
    ],
    // Bindings inside <script>, <style>, <textarea> or <title>, and inside comments: the form has none.
    [
      litHtml,
      /if\(\w+\.test\(\w+\.tagName\)\)\{const (\w+)=\w+\.textContent\.split\(\w+\),(\w+)=\1\.length-1;if\(\2>0\)\{[^{}]*\{type:2,index:\+\+\w+\}\);\w+\.append\(\1\[\2\],\w+\(\)\)\}\}/,
      '',
    ],
    [
      litHtml,
      /else\{let (\w+)=-1;for\(;-1!==\(\1=\w+\.data\.indexOf\((\w+),\1\+1\)\);\)\w+\.push\(\{type:7,index:\w+\}\),\1\+=\2\.length-1\}/,
      '',
    ],
    [
      /\/@lit\/reactive-element\/reactive-element\.js$/,
      /case Object:case Array:(\w+)=null==\1\?\1:JSON\.stringify\(\1\)/,
      '',
    ],
    [
      /\/@lit\/reactive-element\/reactive-element\.js$/,
      /case Object:case Array:try\{(\w+)=JSON\.parse\(\w+\)\}catch\(\w+\)\{\1=null\}/,
      '',
    ],
  ];
  return {
    name: 'impcard:trim-unused-lit-paths',
    transform(code, id) {
      const mine = cuts.filter(([file]) => file.test(id));
      if (mine.length === 0) return null;
      const out = new MagicString(code);
      for (const [, shape, by] of mine) {
        const m = shape.exec(code);
        if (!m) this.error(`${id}: no ${shape}; check trimUnusedLitPaths against this Lit`);
        out.overwrite(m.index, m.index + m[0].length, by);
      }
      return { code: out.toString(), map: out.generateMap({ hires: true }) };
    },
  };
}

/**
 * Writes the script-tag bundle's `\uXXXX` escapes (its Korean texts) in lower case, which gzip
 * packs tighter among the bundle's lower-case code (about 30 B). Only the IIFE: the ES module is
 * left to the consumer's bundler.
 */
function lowerCaseEscapes(): Plugin {
  return {
    name: 'impcard:lower-case-escapes',
    generateBundle(options, bundle) {
      if (options.format !== 'iife') return;
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        // Only a real escape: after an even run of backslashes, `\u` is literal text.
        chunk.code = chunk.code.replace(
          /(?<!\\)((?:\\\\)*)\\u([0-9A-F]{4})/g,
          (_, slashes: string, hex: string) => `${slashes}\\u${hex.toLowerCase()}`,
        );
      }
    },
  };
}

// Library build of the widget: `dist/imp-card-inline.js` is an IIFE with everything bundled for a
// plain `<script src>`, `dist/imp-card.mjs` the same code as an ES module for bundlers and
// `type=module`.
export default defineConfig({
  plugins: [
    // Whitespace between tags and attributes in Lit's html`…` (the styles have their own plugin).
    literalsHtmlCssMinifier({
      include: ['widget/**/*.ts'],
      failOnError: true,
      options: { shouldMinifyCSS: () => false },
    }) as Plugin, // typed `any` by the package
    minifyLitCss(),
    trimBundledLit(),
    trimUnusedLitPaths(),
    lowerCaseEscapes(),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    copyPublicDir: false,
    rolldownOptions: {
      // Korean texts as \uXXXX escapes (charset): they render right even where the script is
      // served without a UTF-8 charset.
      output: [
        {
          format: 'iife',
          name: 'ImpCard',
          // No `Symbol.toStringTag: 'Module'` on window.ImpCard: a plain object of the exports.
          generatedCode: { symbols: false },
          charset: 'ascii',
          // Lit's internal members (`_$AH`, `_$AM`…, named to stay stable across Lit versions) as
          // one or two letters: the bundle holds Lit entirely, and nothing outside it may reach
          // them. The cross-copy brands (`_$litType$`, `_$cssResult$`…) keep their names.
          minify: { compress: true, mangle: true, mangleProps: { include: /^_\$[A-Z]/ } },
        },
        { format: 'es', charset: 'ascii' },
      ],
    },
    lib: {
      entry: 'widget/index.ts',
      fileName: (format) => (format === 'iife' ? 'imp-card-inline.js' : 'imp-card.mjs'),
    },
  },
});
