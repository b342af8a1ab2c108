/**
 * Joins evaluation runs of the same suite (e.g. the policy and baselines on all episodes, the ablations on
 * the first N) into one report; comparisons with an agent use only the episodes both ran.
 *   npx tsx packages/learn/scripts/combine.ts OUT_DIR RUN_DIR...
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { barChartSvg } from '../src/plot.ts';
import { renderReport, summarize, type Suite } from '../src/eval/evaluate.ts';
import type { EpisodeResult } from '../src/eval/stackEpisode.ts';

const [out, ...runs] = process.argv.slice(2);
let suite: Suite | undefined;
const episodes: EpisodeResult[] = [];
let bench: Record<string, unknown> | undefined;
for (const r of runs) {
  const j = JSON.parse(await readFile(join(r, 'results.json'), 'utf8')) as { suite: Suite; episodes: EpisodeResult[] };
  suite ??= j.suite;
  for (const e of j.episodes) episodes.push({ ...e, inferMs: e.inferMs ?? [] });
}
try {
  bench = JSON.parse(await readFile(join(out, 'bench.json'), 'utf8'));
} catch {
  bench = undefined;
}
const byAgent = new Map<string, EpisodeResult[]>();
for (const e of episodes) byAgent.set(e.agent, [...(byAgent.get(e.agent) ?? []), e]);
const summaries = [...byAgent].map(([a, rs]) => summarize(a, rs));
// inference latency is not kept in results.json; take it from the run summaries
for (const r of runs) {
  const j = JSON.parse(await readFile(join(r, 'results.json'), 'utf8')) as { summaries: { agent: string; inferenceMsMedian: number | null; inferenceMsP99: number | null }[] };
  for (const s of j.summaries) {
    const t = summaries.find((x) => x.agent === s.agent);
    if (t) Object.assign(t, { inferenceMsMedian: s.inferenceMsMedian, inferenceMsP99: s.inferenceMsP99 });
  }
}
await mkdir(out, { recursive: true });
const lines = [renderReport(suite!, summaries, episodes, NaN, 0, 'heldout.json').replace(/^Run: .*$/m, `Runs joined: ${runs.join(', ')}.`)];
const policy = byAgent.get('policy') ?? [];
lines.push('## Same-episode comparisons', '', 'Each row uses only the episodes both the policy and that agent ran.', '', '| agent | episodes | policy success | agent success | difference (points) | policy SPL | agent SPL |', '|---|---|---|---|---|---|---|');
for (const [a, rs] of byAgent) {
  if (a === 'policy') continue;
  const ids = new Set(rs.map((r) => r.task));
  const p = summarize('policy', policy.filter((r) => ids.has(r.task)));
  const s = summarize(a, rs);
  lines.push(`| ${a} | ${rs.length} | ${(p.successRate * 100).toFixed(1)}% | ${(s.successRate * 100).toFixed(1)}% | ${((p.successRate - s.successRate) * 100).toFixed(1)} | ${p.spl.toFixed(3)} | ${s.spl.toFixed(3)} |`);
}
if (bench) lines.push('', '## Latency (packages/learn/src/bench.ts)', '', '```json', JSON.stringify(bench, null, 1), '```');
await writeFile(join(out, 'report.md'), lines.join('\n') + '\n');
await writeFile(join(out, 'results.json'), JSON.stringify({ suite, summaries, episodes }, null, 1));
await writeFile(join(out, 'success.svg'), barChartSvg(`${suite!.name}: success rate`, summaries.map((s) => ({ name: s.agent, value: s.successRate })), { max: 1, format: (v) => `${(v * 100).toFixed(1)}%` }));
await writeFile(join(out, 'spl.svg'), barChartSvg(`${suite!.name}: SPL`, summaries.map((s) => ({ name: s.agent, value: s.spl })), { max: 1 }));
console.log(join(out, 'report.md'));
