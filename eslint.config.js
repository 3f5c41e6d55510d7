import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const internals = {
  group: ['@parley/*/src/*', '../../*/src/*'],
  message: "Import another package's public entry, not its internals.",
};
const edge = (name, where) => ({ name, message: `${name} belongs in ${where} only.` });

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', '.parley/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Pages served as they are (no build step) run in the browser.
    files: ['examples/*/public/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['packages/*/src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-console': 'error',
      'no-restricted-imports': ['error', { patterns: [internals] }],
    },
  },
  {
    // Ports and adapters: services see interfaces; SQL, Redis and provider HTTP stay in their adapters.
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/adapters/**', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [internals],
          paths: [
            edge('knex', 'the store adapter'),
            edge('pg', 'the store adapter'),
            edge('better-sqlite3', 'the store adapter'),
            edge('ioredis', 'the cache and rate-limit adapters'),
            edge('openai', 'the LLM adapter'),
            edge('@tavily/core', 'the search adapter'),
          ],
        },
      ],
    },
  },
);
