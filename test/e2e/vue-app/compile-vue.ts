import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';
import { compileScript, parse } from 'vue/compiler-sfc';

/**
 * An esbuild plugin that compiles `.vue` files as @vitejs/plugin-vue does, with the compiler option
 * docs/install.md tells Vue users to set: `<imp-card-form>` is a custom element, not a component.
 * `ssr` compiles the server renderer's version.
 */
export function compileVue(ssr: boolean): Plugin {
  // Needed by the parser too: the template's AST, reused by the compiler, says what a tag is.
  const compilerOptions = { isCustomElement: (tag: string) => tag === 'imp-card-form' };
  return {
    name: 'impcard:vue-sfc',
    setup(build) {
      build.onLoad({ filter: /\.vue$/ }, async ({ path }) => {
        const { descriptor, errors } = parse(await readFile(path, 'utf8'), {
          filename: path,
          templateParseOptions: compilerOptions,
        });
        if (errors[0]) throw errors[0];
        const script = compileScript(descriptor, {
          id: 'checkout',
          inlineTemplate: true,
          templateOptions: { ssr, compilerOptions },
        });
        return {
          contents: script.content,
          loader: 'ts',
          resolveDir: new URL('.', `file://${path}`).pathname,
        };
      });
    },
  };
}
