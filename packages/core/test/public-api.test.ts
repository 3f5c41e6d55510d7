import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT_LIMIT = 60;
const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/** Every name a module exports, types included, as the compiler resolves them (`export *` expanded). */
function exportedNames(file: string): string[] {
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
    noEmit: true,
  });
  const source = program.getSourceFile(file);
  const module = source && program.getTypeChecker().getSymbolAtLocation(source);
  if (!module) throw new Error(`cannot read the exports of ${file}`);
  return program
    .getTypeChecker()
    .getExportsOfModule(module)
    .map((symbol) => symbol.name);
}

describe('@parley/core public surface (issue 9)', () => {
  it(`keeps the root entry at most ${ROOT_LIMIT} names, types included`, () => {
    const names = exportedNames(path('../src/index.ts'));
    expect(names).toContain('createParley');
    expect(names.length, names.sort().join(' ')).toBeLessThanOrEqual(ROOT_LIMIT);
  });

  it('builds every subpath export from a source entry, and exports nothing else', () => {
    const manifest = JSON.parse(readFileSync(path('../package.json'), 'utf8')) as {
      exports: Record<string, { types: string; import: string }>;
    };
    const tsup = readFileSync(path('../tsup.config.ts'), 'utf8');
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      const name = subpath === '.' ? 'index' : subpath.slice(2);
      expect(target.import, subpath).toMatch(new RegExp(`^\\./dist/${name}(/index)?\\.js$`));
      if (!['index', 'testing', 'test-kit'].includes(name)) expect(tsup, subpath).toContain(`'${name}'`);
    }
  });
});
