/**
 * A suite's episodes through the whole local graph (sim_node + navigator + policy_node),
 * one after another: the policy's goals driven by @navstack/nav's navigator instead of the evaluation's
 * goal executor.  npx tsx packages/policy/scripts/fullstack-suite.ts [SUITE] [MODEL] [--limit N] [--out FILE]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SuiteSchema } from '../src/eval/evaluate.ts';
import { runFullStackEpisode, type FullStackResult } from '../src/fullstack.ts';
import { ProgressBar } from '../src/ProgressBar.ts';
import { generateTask } from '../src/world/scenario.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { limit: { type: 'string' }, out: { type: 'string' } } });
const suite = SuiteSchema.parse(JSON.parse(await readFile(positionals[0] ?? 'test/suites/heldout.json', 'utf8')));
const model = positionals[1] ?? 'models/policy.onnx';
const n = Math.min(suite.episodes, values.limit ? Number(values.limit) : Infinity);
const bar = new ProgressBar(n);
const rows: ({ task: number; seed: number; instruction: string } & FullStackResult)[] = [];
for (let i = 0; i < n; i++) {
  const task = generateTask(suite.split, suite.firstIndex + i);
  const r = await runFullStackEpisode(task, model, suite.maxSeconds);
  rows.push({ task: i, seed: task.seed, instruction: task.instruction, ...r });
  bar.tick(`${rows.filter((x) => x.success).length}/${rows.length} succeeded`);
}
bar.done();
const mean = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
const summary = { suite: suite.name, model, episodes: n, success: mean((r) => (r.success ? 1 : 0)), spl: mean((r) => r.spl), collisions: rows.reduce((s, r) => s + r.collisions, 0), timeouts: rows.filter((r) => r.mode !== 'done').length };
console.log(JSON.stringify(summary));
if (values.out) await writeFile(values.out, JSON.stringify({ summary, episodes: rows }, null, 1) + '\n');
