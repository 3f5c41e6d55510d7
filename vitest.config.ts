import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@parley\/core\/testing$/, replacement: src('./packages/core/src/testing/index.ts') },
      { find: /^@parley\/core\/test-kit$/, replacement: src('./packages/core/src/test-kit/index.ts') },
      {
        find: /^@parley\/core\/(config|ports|types|requirements|adapters|knex|redis|openai|tavily|internal)$/,
        replacement: src('./packages/core/src/entries/$1.ts'),
      },
      { find: /^@parley\/core$/, replacement: src('./packages/core/src/index.ts') },
      { find: /^@parley\/server$/, replacement: src('./packages/server/src/index.ts') },
      { find: /^@parley\/llm-stub$/, replacement: src('./packages/llm-stub/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/{src,test}/**/*.test.{ts,tsx}', 'examples/*/test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
