/**
 * `navstack eval --suite FILE`: seeded episodes on every core (child processes), the policy beside the
 * baselines and ablations on the same episodes, each through the navigation stack that ships (stackEpisode.ts),
 * and a Markdown report with SVG plots under reports/.
 */
import { fork } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { REPO_ROOT } from '../paths.ts';
import { barChartSvg } from '../plot.ts';
import { ProgressBar } from '../ProgressBar.ts';
import { AGENTS, type AgentName } from './agentNames.ts';
import type { EpisodeResult } from './stackEpisode.ts';

export { AGENTS, REPO_ROOT, type AgentName };

export const SuiteSchema = z.object({
  name: z.string().min(1),
  description: z.string().default(''),
  split: z.enum(['train', 'heldout']),
  firstIndex: z.number().int().nonnegative().default(0),
  episodes: z.number().int().positive(),
  maxSeconds: z.number().positive().default(90),
  /** The simulated camera's rate: the agents decide on every frame. */
  decisionHz: z.number().positive().default(5),
  agents: z.array(z.enum(AGENTS)).min(1).default([...AGENTS]),
  /** Model per learned agent, relative to the repository root. */
  models: z.record(z.string(), z.string()).default({
    policy: 'models/policy.onnx',
    'no-camera': 'models/ablation_no_camera.onnx',
    'no-lidar': 'models/ablation_no_lidar.onnx',
    'no-lidar-network': 'models/ablation_no_lidar.onnx',
    'no-language': 'models/ablation_no_language.onnx',
  }),
});
export type Suite = z.infer<typeof SuiteSchema>;

export const EvaluateOptionsSchema = z.object({
  /** Suite JSON file (test/suites/heldout.json). */
  suite: z.string().min(1),
  /** Report folder (default reports/<suite name>). */
  out: z.string().optional(),
  /** Worker processes (default: every core). */
  workers: z.number().int().positive().optional(),
  /** Run only the first n episodes of the suite (quick checks). */
  limit: z.number().int().positive().optional(),
  /** Only these agents (default: the suite's). */
  agents: z.array(z.enum(AGENTS)).optional(),
  progress: z.boolean().default(true),
});
export type EvaluateOptions = z.input<typeof EvaluateOptionsSchema>;

export interface AgentSummary {
  agent: string;
  episodes: number;
  successRate: number;
  spl: number;
  collisions: number;
  collisionEpisodes: number;
  timeToGoalMedian: number | null;
  pathRatioMedian: number | null;
  inferenceMsMedian: number | null;
  inferenceMsP99: number | null;
  successOutOfViewAtStart: number | null;
  skipped?: string;
}

export interface EvaluateResult {
  suite: Suite;
  summaries: AgentSummary[];
  episodes: EpisodeResult[];
  reportPath: string;
  seconds: number;
}

function q(xs: number[], p: number): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

export function summarize(agent: string, rs: EpisodeResult[]): AgentSummary {
  const n = rs.length;
  const succ = rs.filter((r) => r.success);
  const oov = rs.filter((r) => !r.targetInViewAtStart);
  const inf = rs.flatMap((r) => r.inferMs);
  return {
    agent,
    episodes: n,
    successRate: succ.length / Math.max(1, n),
    spl: rs.reduce((s, r) => s + r.spl, 0) / Math.max(1, n),
    collisions: rs.reduce((s, r) => s + r.collisions, 0),
    collisionEpisodes: rs.filter((r) => r.collisions > 0).length,
    timeToGoalMedian: q(succ.map((r) => r.timeToGoal!), 0.5),
    pathRatioMedian: q(succ.map((r) => r.pathRatio).filter(Number.isFinite), 0.5),
    inferenceMsMedian: q(inf, 0.5),
    inferenceMsP99: q(inf, 0.99),
    successOutOfViewAtStart: oov.length ? oov.filter((r) => r.success).length / oov.length : null,
  };
}

export async function loadSuite(path: string): Promise<Suite> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new Error(`suite ${path}: cannot read it as JSON (${(e as Error).message})`);
  }
  const r = SuiteSchema.safeParse(raw);
  if (!r.success) throw new Error(`suite ${path} is invalid: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

export interface Job {
  index: number;
  agent: AgentName;
  model?: string;
}

export async function evaluate(options: EvaluateOptions): Promise<EvaluateResult> {
  const o = EvaluateOptionsSchema.parse(options);
  const t0 = performance.now();
  const suite = await loadSuite(o.suite);
  const resolveModel = (m: string) => {
    if (isAbsolute(m)) return m;
    return resolve(REPO_ROOT, m);
  };
  const { existsSync } = await import('node:fs');
  const agents = o.agents ?? suite.agents;
  const skipped = new Map<string, string>();
  const jobs: Job[] = [];
  const n = Math.min(suite.episodes, o.limit ?? Infinity);
  for (const agent of agents) {
    let model: string | undefined;
    if (agent === 'policy' || agent.startsWith('no-')) {
      const m = suite.models[agent];
      model = m ? resolveModel(m) : undefined;
      if (!model || !existsSync(model)) {
        skipped.set(agent, `model ${m ?? '(none given)'} not found`);
        continue;
      }
    }
    for (let i = 0; i < n; i++) jobs.push({ index: suite.firstIndex + i, agent, model });
  }
  const workers = Math.max(1, Math.min(o.workers ?? availableParallelism(), jobs.length || 1));
  const results: EpisodeResult[] = [];
  const workerPath = fileURLToPath(new URL('./evalWorker.ts', import.meta.url));
  let next = 0, done = 0;
  const bar = o.progress ? new ProgressBar(jobs.length) : undefined;
  await Promise.all(
    Array.from({ length: workers }, () =>
      new Promise<void>((resolveW, rejectW) => {
        const child = fork(workerPath, [], { execPath: process.execPath, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        const send = () => {
          if (next >= jobs.length) {
            child.send({ type: 'stop' });
            return;
          }
          child.send({ type: 'job', job: jobs[next++], suite });
        };
        child.on('message', (m: { type: string; result?: EpisodeResult; error?: string }) => {
          if (m.type === 'ready') send();
          else if (m.type === 'result') {
            results.push(m.result!);
            done++;
            bar?.tick(`eval ${suite.name}: ${done}/${jobs.length} episodes`);
            send();
          } else if (m.type === 'error') {
            child.kill();
            rejectW(new Error(`eval worker: ${m.error}`));
          }
        });
        child.on('exit', (code) => (code === 0 || code === null ? resolveW() : rejectW(new Error(`eval worker exited with code ${code}`))));
        child.on('error', rejectW);
      }),
    ),
  );
  bar?.done();
  results.sort((a, b) => a.task - b.task || a.agent.localeCompare(b.agent));
  const byAgent = new Map<string, EpisodeResult[]>();
  for (const r of results) byAgent.set(r.agent, [...(byAgent.get(r.agent) ?? []), r]);
  const summaries: AgentSummary[] = [...byAgent].map(([a, rs]) => summarize(a, rs));
  for (const [a, why] of skipped) summaries.push({ agent: a, episodes: 0, successRate: NaN, spl: NaN, collisions: 0, collisionEpisodes: 0, timeToGoalMedian: null, pathRatioMedian: null, inferenceMsMedian: null, inferenceMsP99: null, successOutOfViewAtStart: null, skipped: why });
  const out = o.out ?? join(REPO_ROOT, 'reports', suite.name);
  await mkdir(out, { recursive: true });
  const seconds = (performance.now() - t0) / 1000;
  const reportPath = join(out, 'report.md');
  await writeFile(join(out, 'results.json'), JSON.stringify({ suite, summaries, episodes: results.map((r) => ({ ...r, inferMs: undefined })) }, null, 1));
  await writeFile(join(out, 'success.svg'), barChartSvg(`${suite.name}: success rate`, summaries.filter((s) => !s.skipped).map((s) => ({ name: s.agent, value: s.successRate })), { max: 1, format: (v) => `${(v * 100).toFixed(1)}%` }));
  await writeFile(join(out, 'spl.svg'), barChartSvg(`${suite.name}: SPL`, summaries.filter((s) => !s.skipped).map((s) => ({ name: s.agent, value: s.spl })), { max: 1 }));
  await writeFile(reportPath, renderReport(suite, summaries, results, seconds, workers, o.suite));
  return { suite, summaries, episodes: results, reportPath, seconds };
}

const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—');
const num = (v: number | null, d = 2) => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(d));

export function renderReport(suite: Suite, summaries: AgentSummary[], results: EpisodeResult[], seconds: number, workers: number, suitePath: string): string {
  const lines = [
    `# Evaluation: ${suite.name}`,
    '',
    suite.description,
    '',
    `Suite \`${basename(suitePath)}\`: ${suite.episodes} episodes from index ${suite.firstIndex} of the ${suite.split} split, timeout ${suite.maxSeconds} s of sim time, camera at ${suite.decisionHz} Hz (a decision per frame). `,
    `Run: ${results.length} episodes in ${seconds.toFixed(0)} s on ${workers} worker processes. Every agent's goals are driven by the navigation stack that ships: sim_node, the navigator and the safety node (config/nav_params.yaml), on sim time. Success: the agent says it has arrived within 1.0 m of the named object's boundary.`,
    '',
    '| agent | episodes | success | SPL | collisions (episodes) | time to goal (median s) | path / shortest (median) | success, target out of view at start | inference ms median / p99 |',
    '|---|---|---|---|---|---|---|---|---|',
    ...summaries.map((s) => (s.skipped ? `| ${s.agent} | 0 | skipped: ${s.skipped} | | | | | | |` : `| ${s.agent} | ${s.episodes} | ${pct(s.successRate)} | ${num(s.spl)} | ${s.collisions} (${s.collisionEpisodes}) | ${num(s.timeToGoalMedian, 1)} | ${num(s.pathRatioMedian)} | ${s.successOutOfViewAtStart === null ? '—' : pct(s.successOutOfViewAtStart)} | ${num(s.inferenceMsMedian, 3)} / ${num(s.inferenceMsP99, 3)} |`)),
    '',
    'Ablations: "no camera" and "no language" use a network trained with that input zeroed; "no lidar" uses one trained with the lidar zeroed and a behaviour that gets no scan either (goals ranged by the network, search without lidar coverage); "no lidar in the network" keeps the lidar for the behaviour (ranging, occlusion checks, search). The navigation under every agent keeps its lidar.',
    '',
    '![success rate](success.svg)',
    '',
    '![SPL](spl.svg)',
    '',
  ];
  const policy = summaries.find((s) => s.agent === 'policy');
  if (policy && !policy.skipped) {
    lines.push('## Fused policy against each comparison', '', '| comparison | success difference (points) |', '|---|---|');
    for (const s of summaries) if (s !== policy && !s.skipped) lines.push(`| ${s.agent} | ${((policy.successRate - s.successRate) * 100).toFixed(1)} |`);
    lines.push('');
  }
  const failures = results.filter((r) => r.agent === 'policy' && !r.success).slice(0, 15);
  if (failures.length) {
    lines.push('## Some policy failures', '', '| task | seed | reason | end distance (m) |', '|---|---|---|---|');
    for (const f of failures) lines.push(`| ${f.task} | ${f.seed} | ${f.reason} | ${f.endDistance.toFixed(2)} |`);
    lines.push('');
  }
  return lines.join('\n');
}
