import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.config.js';

export default defineConfig([
  packageBuild({ index: 'src/index.ts' }, { platform: 'neutral' }),
  // One ES module a page can import without a bundler: the protocol, zod and socket.io-client inside.
  {
    entry: { 'parley-client': 'src/index.ts' },
    outDir: 'dist/browser',
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    noExternal: [/.*/],
    minify: true,
    sourcemap: true,
    dts: false,
    clean: false,
    splitting: false,
  },
]);
