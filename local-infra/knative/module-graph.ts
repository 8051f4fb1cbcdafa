import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** What a Node entry loads at run time: the repository files and the npm packages. */
export interface ModuleGraph {
  /** Repository-relative paths of every module reached (`shared/app/scaling.ts`...). */
  readonly files: readonly string[];
  /** Package names imported by bare specifier (`hono`, `@aws-sdk/client-s3`), `node:*` excluded. */
  readonly packages: readonly string[];
}

/** Specifiers a module loads when Node runs it: type-only imports and exports are erased. */
function runtimeSpecifiers(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteral(argument)) found.push(argument.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

type Imports = Record<string, string | Record<string, string>>;

/** Resolves a `#subpath` import through package.json `imports` (the `default` condition: Node's). */
function resolveSubpath(specifier: string, imports: Imports, root: string): string | undefined {
  for (const [pattern, target] of Object.entries(imports)) {
    const path = typeof target === 'string' ? target : target['default'];
    if (path === undefined) continue;
    if (pattern === specifier) return join(root, path);
    if (pattern.endsWith('*') && specifier.startsWith(pattern.slice(0, -1))) {
      return join(root, path.replace('*', specifier.slice(pattern.length - 1)));
    }
  }
  return undefined;
}

/**
 * Follows the imports of a TypeScript entry as Node would run it (type stripping: relative and
 * `#subpath` imports name their `.ts` file), collecting files and npm packages.
 * @param root the repository root (holds package.json).
 */
export function moduleGraph(entry: string, root: string): ModuleGraph {
  const { imports = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { imports?: Imports };
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [resolve(entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    if (!/\.[cm]?[jt]s$/.test(file)) continue;
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    for (const specifier of runtimeSpecifiers(source)) {
      if (specifier.startsWith('node:')) continue;
      const local = specifier.startsWith('.')
        ? resolve(dirname(file), specifier)
        : specifier.startsWith('#')
          ? resolveSubpath(specifier, imports, root)
          : undefined;
      if (local === undefined && !specifier.startsWith('#')) packages.add(packageName(specifier));
      else if (local === undefined || !existsSync(local))
        throw new Error(`${relative(root, file)} imports "${specifier}", which does not resolve to a file`);
      else pending.push(local);
    }
  }
  return { files: [...files].map((file) => relative(root, file)).sort(), packages: [...packages].sort() };
}
