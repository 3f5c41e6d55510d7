import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.config.js';

/** The root entry plus one per subpath export (package.json `exports` lists the same names). */
const SUBPATHS = [
  'config',
  'ports',
  'types',
  'requirements',
  'adapters',
  'knex',
  'redis',
  'openai',
  'tavily',
  'internal',
];

export default defineConfig(
  packageBuild(
    {
      index: 'src/index.ts',
      ...Object.fromEntries(SUBPATHS.map((name) => [name, `src/entries/${name}.ts`])),
      'testing/index': 'src/testing/index.ts',
      'test-kit/index': 'src/test-kit/index.ts',
    },
    { loader: { '.sql': 'text' } },
  ),
);
