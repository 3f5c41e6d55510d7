import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@parley\/protocol$/, replacement: src('./packages/protocol/src/index.ts') },
      { find: /^@parley\/client$/, replacement: src('./packages/client/src/index.ts') },
      { find: /^@parley\/core\/testing$/, replacement: src('./packages/core/src/testing/index.ts') },
      { find: /^@parley\/core\/test-kit$/, replacement: src('./packages/core/src/test-kit/index.ts') },
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
