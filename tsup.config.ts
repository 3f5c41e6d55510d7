import { defineConfig, type Options } from 'tsup';

/** Shared build for every package: ESM + declarations for Node 20, dependencies left external. */
export function packageBuild(entry: Record<string, string>, extra: Partial<Options> = {}): Options {
  return {
    entry,
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    ...extra,
  };
}

export default defineConfig(packageBuild({ index: 'src/index.ts' }));
