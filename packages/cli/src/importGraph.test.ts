// The packages' layering, read from the code: every import of every .ts file under packages/<name>/ (tests and
// scripts too) and every dependency in its package.json.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const PACKAGES = path.resolve(import.meta.dirname, '../..');

/** msgs/xml/math → rcl → sim/bridge/bag → nav → policy → learn → cli: a package imports only packages of a lower rank. */
const RANK: Record<string, number> = { msgs: 0, xml: 0, math: 0, rcl: 1, sim: 2, bridge: 2, bag: 2, nav: 3, policy: 4, learn: 5, cli: 6 };

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (f === 'node_modules') return [];
    if (statSync(p).isDirectory()) return tsFiles(p);
    return /\.(ts|mjs)$/.test(f) ? [p] : [];
  });
}

/** Module specifiers in static imports and re-exports, dynamic import() and type-only imports. */
function specifiers(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)) out.push(m[1]!);
  return out;
}

const packages = readdirSync(PACKAGES).filter((p) => statSync(path.join(PACKAGES, p)).isDirectory());
const imports = new Map(packages.map((p) => [p, tsFiles(path.join(PACKAGES, p)).flatMap((file) => specifiers(readFileSync(file, 'utf8')).map((spec) => ({ file: path.relative(PACKAGES, file), spec })))]));
const manifest = (p: string) => JSON.parse(readFileSync(path.join(PACKAGES, p, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;

describe('the import graph', () => {
  it('gives every package a rank', () => {
    expect(packages.filter((p) => !(p in RANK))).toEqual([]);
  });

  it('has no package importing one above it or beside it, in code or in package.json', () => {
    const wrong: string[] = [];
    for (const p of packages) {
      for (const { file, spec } of imports.get(p)!) {
        const m = /^@navstack\/([^/]+)/.exec(spec);
        if (m && m[1] !== p && !(RANK[m[1]!]! < RANK[p]!)) wrong.push(`${file} imports ${spec}`);
        if (spec.startsWith('.') && path.relative(path.join(PACKAGES, p), path.resolve(PACKAGES, path.dirname(file), spec)).startsWith('..')) wrong.push(`${file} reaches into another package: ${spec}`);
      }
      const m = manifest(p);
      for (const dep of Object.keys({ ...m.dependencies, ...m.devDependencies, ...m.optionalDependencies })) {
        const n = /^@navstack\/(.+)$/.exec(dep)?.[1];
        if (n && !(RANK[n]! < RANK[p]!)) wrong.push(`packages/${p}/package.json depends on ${dep}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps packages/policy (what runs on a robot) free of TensorFlow.js, MCAP, the simulator and nav\'s test code', () => {
    const banned = /^(@tensorflow\/|@mcap\/|@navstack\/(sim|bag|learn)\b|@navstack\/nav\/(testing|bench)|onnx-proto)/;
    expect(imports.get('policy')!.filter(({ spec }) => banned.test(spec)).map(({ file, spec }) => `${file} imports ${spec}`)).toEqual([]);
    const m = manifest('policy');
    expect(Object.keys({ ...m.dependencies, ...m.devDependencies, ...m.optionalDependencies }).filter((d) => banned.test(d))).toEqual([]);
    expect(imports.get('policy')!.some(({ spec }) => spec === 'onnxruntime-node')).toBe(true); // the scan reads real code
  });
});
