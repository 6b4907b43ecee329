import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { configs as litConfigs } from 'eslint-plugin-lit';
import { configs as wcConfigs } from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test/.artifacts/**',
      'docs/**',
      'test/packaging/**',
      // The examples' TypeScript is checked by each example's own tsc (npm run test:examples).
      'examples/**/*.{ts,tsx}',
      'examples/**/node_modules/**',
      'examples/**/.next/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['widget/**/*.ts'],
    extends: [litConfigs['flat/recommended'], wcConfigs['flat/recommended']],
    languageOptions: { globals: globals.browser },
    // eslint-plugin-wc skips Lit classes unless told which base classes make an element.
    settings: { wc: { elementBaseClasses: ['LitElement'] } },
    // Lit binds `this` for @event listeners in templates.
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    files: ['server/**/*.ts', 'bench/**/*.ts', 'test/**/*.{ts,mjs}', '*.config.{js,mjs,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['examples/**/*.{js,mjs}'],
    ignores: ['examples/*/public/**'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['examples/*/public/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    // node:test's describe()/it() return promises that the runner itself tracks.
    files: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
    },
  },
  { files: ['**/*.{js,mjs}'], extends: [tseslint.configs.disableTypeChecked] },
  {
    // Type-test fixtures misuse the types on purpose (each such line is a @ts-expect-error).
    files: ['test/types/**'],
    rules: { '@typescript-eslint/no-unsafe-return': 'off' },
  },
);
