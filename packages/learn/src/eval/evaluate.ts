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
import { createHash } from 'node:crypto';
import { barChartSvg, trajectorySvg, type TrajectoryPanel } from '../plot.ts';
import { taskWorld } from '../world/simFactory.ts';
import { taskFor } from '../world/suites.ts';
import { ProgressBar } from '../ProgressBar.ts';
import { AGENTS, type AgentName } from './agentNames.ts';
import type { EpisodeResult } from './stackEpisode.ts';

export { AGENTS, REPO_ROOT, type AgentName };

export const SuiteSchema = z.object({
  name: z.string().min(1),
  description: z.string().default(''),
  split: z.enum(['train', 'heldout']),
  /**
   * Where tasks come from: 'generated' (generateTask on the split), 'handbuilt' (the SDF worlds in `worlds`),
   * 'relational' (generated held-out worlds, relational instructions), 'absent' (instructions naming nothing there).
   */
  tasks: z.enum(['generated', 'handbuilt', 'relational', 'absent']).default('generated'),
  /** Hand-built worlds (names in worlds/) for tasks 'handbuilt'. */
  worlds: z.array(z.string()).optional(),
  /** Every episode under other sensors (sensorShiftNode.ts): lidar noise (m), camera exposure gains, white balance, pixel noise. */
  sensorShift: z.object({ lidarNoise: z.number().min(0).max(0.5).optional(), exposure: z.array(z.number().positive()).optional(), whiteBalance: z.number().min(0).max(0.5).optional(), pixelNoise: z.number().min(0).max(0.5).optional() }).optional(),
  /** policy_node parameters for every learned agent (e.g. search_budget). */
  policyParams: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])).default({}),
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
    'no-relations': 'models/policy.onnx',
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
  /** The policy's model (.onnx, its card beside it) instead of the suite's; also used by 'no-relations'. */
  model: z.string().optional(),
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
  if (o.model) {
    const m = resolve(o.model);
    const { existsSync } = await import('node:fs');
    if (!existsSync(m)) throw new Error(`eval: --model ${o.model}: no such file (an .onnx model with its .card.json beside it)`);
    suite.models = { ...suite.models, policy: m, 'no-relations': m };
  }
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
  const models = await modelInfo(suite, agents, resolveModel);
  const plotted = await writeTrajectories(join(out, 'trajectories.svg'), suite, results);
  await writeFile(reportPath, renderReport(suite, summaries, results, seconds, workers, o.suite, models, plotted));
  return { suite, summaries, episodes: results, reportPath, seconds };
}

const relativeToRepo = (f: string) => (f.startsWith(REPO_ROOT) ? f.slice(REPO_ROOT.length).replace(/^\//, '') : f);
const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—');
const num = (v: number | null, d = 2) => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(d));

export interface ModelInfo {
  agent: string;
  file: string;
  sha256: string;
  name: string;
}

/** The model file each learned agent ran, its sha256 and the name/version its card gives. */
async function modelInfo(suite: Suite, agents: readonly string[], resolveModel: (m: string) => string): Promise<ModelInfo[]> {
  const out: ModelInfo[] = [];
  for (const a of agents) {
    const m = suite.models[a];
    if (!m || !(a === 'policy' || a.startsWith('no-'))) continue;
    const file = resolveModel(m);
    try {
      const bytes = await readFile(file);
      let name = '';
      try {
        const card = JSON.parse(await readFile(file.replace(/\.onnx$/, '.card.json'), 'utf8')) as { name?: string; version?: string };
        name = `${card.name ?? ''} ${card.version ?? ''}`.trim();
      } catch {
        name = '(no card)';
      }
      out.push({ agent: a, file, sha256: createHash('sha256').update(bytes).digest('hex'), name });
    } catch {
      // a missing model was reported as skipped
    }
  }
  return out;
}

/** Top-down plots of the first six tasks: the world, start, target and every agent's path. */
async function writeTrajectories(file: string, suite: Suite, results: EpisodeResult[]): Promise<boolean> {
  const ids = [...new Set(results.map((r) => r.task))].slice(0, 6);
  const panels: TrajectoryPanel[] = [];
  for (const id of ids) {
    const task = taskFor(suite, id);
    const rs = results.filter((r) => r.task === id && r.path?.length);
    if (!rs.length) continue;
    panels.push({
      title: `#${id} "${task.instruction}"`.slice(0, 46),
      world: taskWorld(task).world,
      start: task.start,
      targets: task.absent ? [] : [task.target, ...(task.alternatives ?? [])],
      paths: rs.map((r) => ({ agent: r.agent, path: r.path, success: r.success })),
    });
  }
  if (!panels.length) return false;
  await writeFile(file, trajectorySvg(`${suite.name}: trajectories (first ${panels.length} tasks)`, panels));
  return true;
}

export function renderReport(suite: Suite, summaries: AgentSummary[], results: EpisodeResult[], seconds: number, workers: number, suitePath: string, models: ModelInfo[] = [], trajectories = false): string {
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
  if (models.length) {
    lines.push('## Models', '', '| agent | file | name and version (card) | sha256 |', '|---|---|---|---|');
    for (const m of models) lines.push(`| ${m.agent} | \`${relativeToRepo(m.file)}\` | ${m.name} | \`${m.sha256}\` |`);
    lines.push('');
  }
  // outcomes as the agents stated them: arrived ('done'), not found, or still going at the timeout
  lines.push('## Outcomes', '', '| agent | arrived | not found | timeout |', '|---|---|---|---|');
  for (const s of summaries) {
    if (s.skipped) continue;
    const rs = results.filter((r) => r.agent === s.agent);
    const c = (m: string) => rs.filter((r) => r.mode === m).length;
    lines.push(`| ${s.agent} | ${c('done')} | ${c('not-found')} | ${rs.length - c('done') - c('not-found')} |`);
  }
  lines.push('');
  const groupOf = (r: EpisodeResult) => (suite.tasks === 'relational' ? r.relation ?? '?' : suite.tasks === 'handbuilt' ? r.world : undefined);
  if (results.some((r) => groupOf(r) !== undefined)) {
    const groups = [...new Set(results.map(groupOf))] as string[];
    const agentsRun = summaries.filter((s) => !s.skipped).map((s) => s.agent);
    lines.push(`## Success by ${suite.tasks === 'relational' ? 'relation' : 'world'}`, '', `| ${suite.tasks === 'relational' ? 'relation' : 'world'} | ${agentsRun.join(' | ')} |`, `|---|${agentsRun.map(() => '---|').join('')}`);
    for (const g of groups) {
      const cells = agentsRun.map((a) => {
        const rs = results.filter((r) => r.agent === a && groupOf(r) === g);
        return rs.length ? `${pct(rs.filter((r) => r.success).length / rs.length)} (${rs.filter((r) => r.success).length}/${rs.length})` : '—';
      });
      lines.push(`| ${g} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  if (trajectories) lines.push('![trajectories](trajectories.svg)', '');
  const policy = summaries.find((s) => s.agent === 'policy');
  if (policy && !policy.skipped) {
    lines.push('## Fused policy against each comparison', '', '| comparison | success difference (points) |', '|---|---|');
    for (const s of summaries) if (s !== policy && !s.skipped) lines.push(`| ${s.agent} | ${((policy.successRate - s.successRate) * 100).toFixed(1)} |`);
    lines.push('');
  }
  const failures = results.filter((r) => r.agent === 'policy' && !r.success).slice(0, 15);
  if (failures.length) {
    lines.push("## Some policy failures", "", "| task | world | reason | end distance (m) |", "|---|---|---|---|");
    for (const f of failures) lines.push(`| ${f.task} | ${f.world} | ${f.reason} | ${f.endDistance.toFixed(2)} |`);
    lines.push('');
  }
  return lines.join('\n');
}
