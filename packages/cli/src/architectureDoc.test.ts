import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedSection } from './generatedSection.ts';
import { GRAPH_BEGIN, GRAPH_END, ROOT, packageGraph } from './architectureDoc.ts';

const DOC = path.join(ROOT, 'docs/ARCHITECTURE.md');

describe('docs/ARCHITECTURE.md', () => {
  it("shows the packages' graph as their package.json files declare it (regenerate with NAVSTACK_WRITE_DOCS=1)", () => {
    const generated = packageGraph();
    expect(generatedSection(DOC, GRAPH_BEGIN, GRAPH_END, generated)).toBe(generated);
  });

  it('names only files that exist', () => {
    const text = fs.readFileSync(DOC, 'utf8');
    const named = [...text.matchAll(/`((?:packages|web-viz|config|launch|docs)\/[\w./-]+\.(?:ts|md|yaml|xml))`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(20);
    const missing = [...new Set(named)].filter((f) => !fs.existsSync(path.join(ROOT, f)));
    // Bare file names in a step refer to the package of the step's first path: check those too.
    const bare = [...text.matchAll(/`([A-Z]\w+\.ts)`/g)].map((m) => m[1]!).filter((f) => !named.some((n) => n.endsWith(`/${f}`)));
    const everywhere = fs.readdirSync(path.join(ROOT, 'packages')).flatMap((p) => {
      const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() && e.name !== 'node_modules' ? walk(path.join(d, e.name)) : [e.name]));
      return fs.existsSync(path.join(ROOT, 'packages', p, 'src')) ? walk(path.join(ROOT, 'packages', p, 'src')) : [];
    });
    expect([...missing, ...bare.filter((f) => !everywhere.includes(f))]).toEqual([]);
  });
});
