// The launch files whose evaluation is checked against the real `ros2 launch`: navstack's own (issue 11)
// and the fixtures that exercise each launch feature navstack reads.
import path from 'node:path';
import { canonNavstack, prepare, REPO_ROOT, sortedLines, type Prepared } from './oracle.ts';

export interface Case {
  /** Relative to the repository root. */
  file: string;
  args?: Record<string, string>;
}

const features = (f: string, args?: Record<string, string>): Case => ({ file: `test/fixtures/launch/features/${f}`, ...(args ? { args } : {}) });

export const CASES: Case[] = [
  { file: 'launch/sim.launch.xml' },
  { file: 'launch/sim.launch.xml', args: { static_map: 'false', policy: 'false', viewer: 'false', world: 'maze', robot_x: '1' } },
  { file: 'launch/nav.launch.xml' },
  { file: 'launch/robot.launch.xml' },
  { file: 'launch/robot.launch.xml', args: { namespace: 'robot1', viewer: 'false' } },
  { file: 'launch/gazebo.launch.xml' },
  features('composable.launch.xml'),
  features('composable.launch.xml', { use_intra: 'false', with_listener: 'false' }),
  features('params.launch.xml'),
  features('substitutions.launch.xml'),
  features('substitutions.launch.xml', { mode: 'slow', count: '7', flag: 'false' }),
  features('scoping.launch.xml'),
  features('group_list.launch.yaml', { background_r: '255' }),
  features('choices.launch.xml', { mode: 'slow' }),
];

export const caseKey = (c: Case) => [c.file, ...Object.entries(c.args ?? {}).map(([k, v]) => `${k}:=${v}`)].join(' ');

export const GOLDEN = path.join(REPO_ROOT, 'test/fixtures/launch/expected.ros2.json');

/** Canonical lines with this machine's paths taken out. */
export function portable(lines: string[], prep: Prepared): string[] {
  return lines.map((l) => l.split(prep.prefix).join('$PREFIX').split(REPO_ROOT).join('$ROOT')).sort();
}

/** navstack's side of a case: the stub prefix it needs, and its canonical lines. */
export function navstackSide(c: Case, env?: NodeJS.ProcessEnv): { prep: Prepared; lines: string[] } {
  const file = path.join(REPO_ROOT, c.file);
  const prep = prepare(file, { args: c.args ?? {}, ...(env ? { env } : {}) });
  if (prep.error) throw new Error(prep.error);
  return { prep, lines: portable(sortedLines(canonNavstack(prep.launch!.actions)), prep) };
}
