import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.ts';
import { parseOptions } from '../options.ts';
import { BENCHMARKS } from '../registry.ts';

export const benchHelp = `usage: navstack bench [--quick] [--only NAME,...] [--out FILE]

Runs the benchmarks and prints one JSON object (medians, p99s and ratios measured side by side).
  --quick        short runs (seconds each) instead of the full ones
  --only LIST    some of: ${Object.keys(BENCHMARKS).join(', ')}
  --out FILE     also write the JSON to FILE (default reports/bench.json)`;

const Options = z.object({
  quick: z.boolean().default(false),
  only: z.string().optional(),
  out: z.string().default('reports/bench.json'),
});

export async function benchCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions('bench', argv, { quick: { type: 'boolean' }, only: { type: 'string' }, out: { type: 'string' } }, Options);
  const names = values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(BENCHMARKS);
  for (const n of names) if (!(n in BENCHMARKS)) throw new UsageError(`bench: unknown benchmark '${n}' (known: ${Object.keys(BENCHMARKS).join(', ')})`);
  const results: Record<string, unknown> = {
    machine: { node: process.version, cpus: (await import('node:os')).cpus().length, date: new Date().toISOString(), quick: values.quick },
  };
  for (const n of names) {
    process.stderr.write(`navstack bench: ${n}...\n`);
    const t0 = performance.now();
    const mod = await BENCHMARKS[n]!();
    results[n] = await mod.bench({ quick: values.quick });
    process.stderr.write(`navstack bench: ${n} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const json = JSON.stringify(results, null, 2);
  console.log(json);
  fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
  fs.writeFileSync(values.out, json + '\n');
  return 0;
}
