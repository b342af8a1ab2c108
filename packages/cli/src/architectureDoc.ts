// docs/ARCHITECTURE.md's package graph, read from the packages' package.json files (architectureDoc.test.ts
// keeps the document in step; NAVSTACK_WRITE_DOCS=1 rewrites it).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const GRAPH_BEGIN = '<!-- package graph: generated from packages/*/package.json (packages/cli/src/architectureDoc.ts) -->';
export const GRAPH_END = '<!-- end of package graph -->';

interface Pkg {
  name: string;
  description: string;
  navstack: string[];
  external: string[];
}

export function packages(): Pkg[] {
  const dir = path.join(ROOT, 'packages');
  return fs
    .readdirSync(dir)
    .filter((p) => fs.existsSync(path.join(dir, p, 'package.json')))
    .sort()
    .map((p) => {
      const j = JSON.parse(fs.readFileSync(path.join(dir, p, 'package.json'), 'utf8')) as { description?: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
      const deps = Object.keys({ ...j.dependencies, ...j.optionalDependencies }).sort();
      return {
        name: p,
        description: j.description ?? '',
        navstack: deps.filter((d) => d.startsWith('@navstack/')).map((d) => d.slice('@navstack/'.length)),
        external: deps.filter((d) => !d.startsWith('@navstack/') && !d.startsWith('@types/')),
      };
    });
}

/** A Mermaid graph of which package depends on which, and a table with each one's outside dependencies. */
export function packageGraph(): string {
  const pkgs = packages();
  const edges = pkgs.flatMap((p) => p.navstack.map((d) => `  ${p.name} --> ${d}`));
  const rows = pkgs.map((p) => `| \`${p.name}\` | ${p.description} | ${p.navstack.map((d) => `\`${d}\``).join(', ') || '—'} | ${p.external.map((d) => `\`${d}\``).join(', ') || '—'} |`);
  return [GRAPH_BEGIN, '```mermaid', 'graph TD', ...edges, '```', '', '| package | what it is | navstack packages it uses | outside dependencies |', '|---|---|---|---|', ...rows, GRAPH_END].join('\n');
}
