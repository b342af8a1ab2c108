/**
 * CLI benchmark: the time for `navstack run navstack navigator` to start its node, and the process's memory then,
 * measured with src/probe/startupProbe.mjs (spawn to "node started", RSS at that moment; medians of several runs).
 * startupFigures() measures several checkouts side by side (runs interleaved), e.g. before and after a change.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { NAVSTACK_ROOT } from './paths.ts';

const PROBE = path.join(import.meta.dirname, 'probe', 'startupProbe.mjs');

export interface StartupRun {
  /** Wall time from spawn to the node started (ms), as the parent saw it. */
  wallMs: number;
  /** Resident set size then (MB). */
  rssMb: number;
}

/** One run of `navstack ARGS` in the checkout at `root`, stopped with Ctrl-C once its node has started. */
export function startupRun(root: string, args: string[]): Promise<StartupRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', PROBE, path.join(root, 'packages/cli/bin/navstack.js'), ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    let run: StartupRun | undefined;
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /navstack-startup [\d.]+ (\d+)/.exec(err);
      if (m && !run) {
        run = { wallMs: performance.now() - t0, rssMb: Number(m[1]) / 2 ** 20 };
        child.kill('SIGINT');
      }
    });
    child.on('exit', (code) => (run ? resolve(run) : reject(new Error(`navstack ${args.join(' ')} in ${root} exited (${code}) before its node started: ${err.trim()}`))));
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

/** Medians (and ranges) over `runs` runs per checkout, the checkouts taking turns. */
export async function startupFigures(roots: string[], runs: number, args = ['run', 'navstack', 'navigator']): Promise<Record<string, unknown>> {
  const all = new Map(roots.map((r) => [r, [] as StartupRun[]]));
  for (let i = 0; i < runs; i++) for (const r of roots) all.get(r)!.push(await startupRun(r, args));
  return Object.fromEntries(
    [...all].map(([root, rs]) => {
      const w = rs.map((r) => r.wallMs), m = rs.map((r) => r.rssMb);
      return [root, { command: `navstack ${args.join(' ')}`, runs, start_ms_median: r1(median(w)), start_ms_min: r1(Math.min(...w)), start_ms_max: r1(Math.max(...w)), rss_mb_median: r1(median(m)), rss_mb_min: r1(Math.min(...m)), rss_mb_max: r1(Math.max(...m)) }];
    }),
  );
}

export async function bench(options: { quick: boolean }): Promise<Record<string, unknown>> {
  return { navigator_startup: (await startupFigures([NAVSTACK_ROOT], options.quick ? 3 : 9))[NAVSTACK_ROOT] };
}
