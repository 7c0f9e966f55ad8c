// Lints the page and the Node scripts and tests (`npx eslint`, run by scripts/test.sh):
// ESLint's recommended rules, plus a few that catch the mistakes this code base has made.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['dist/', 'target/', 'node_modules/', 'www/pkg/', 'www/types.d.ts'] },
  js.configs.recommended,
  {
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-duplicate-imports': 'error',
      'no-self-compare': 'error',
      'no-unneeded-ternary': 'error',
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['www/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['www/worker.js'],
    languageOptions: { globals: { ...globals.worker } },
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Tests and benchmarks drive a browser: parts of them run in the page.
    files: ['tests/**/*.mjs', 'benches/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
];
