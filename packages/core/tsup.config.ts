import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.config.js';

export default defineConfig(
  packageBuild(
    {
      index: 'src/index.ts',
      'testing/index': 'src/testing/index.ts',
      'test-kit/index': 'src/test-kit/index.ts',
    },
    { loader: { '.sql': 'text' } },
  ),
);
