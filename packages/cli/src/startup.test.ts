// What each command loads: the probe (src/probe/startupProbe.mjs) records every module the CLI process resolves
// and says when the node has started.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = path.join(import.meta.dirname, '..', 'bin', 'navstack.js');
const probe = path.join(import.meta.dirname, 'probe', 'startupProbe.mjs');

/** Runs `navstack ARGS` under the probe; a node is stopped with Ctrl-C once it has started. Returns the resolved module URLs. */
async function modulesLoadedBy(args: string[]): Promise<{ modules: string[]; code: number | null; output: string }> {
  const trace = path.join(await mkdtemp(path.join(tmpdir(), 'navstack-trace-')), 'modules.txt');
  const child = spawn(process.execPath, ['--import', probe, bin, ...args], { env: { ...process.env, NAVSTACK_TRACE_MODULES: trace }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (d: Buffer) => {
    output += d.toString();
    if (output.includes('navstack-startup ')) child.kill('SIGINT');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { modules: (await readFile(trace, 'utf8')).split('\n').filter(Boolean), code, output };
}

const HEAVY = { 'TensorFlow.js': /@tensorflow/, onnxruntime: /onnxruntime/, MCAP: /@mcap/, 'the learning lab': /packages\/learn\//, 'the policy package': /packages\/policy\//, 'the bag package': /packages\/bag\// };
const loaded = (modules: string[], re: RegExp) => modules.filter((m) => re.test(m));

describe('the CLI loads a package only for the commands that need it', () => {
  it('navstack run navstack navigator: nav, without TensorFlow.js, onnxruntime, MCAP, the policy, learn or bag packages', async () => {
    const r = await modulesLoadedBy(['run', 'navstack', 'navigator']);
    expect(r.output).toMatch(/navstack-startup \d/);
    expect(r.code).toBe(0);
    expect(loaded(r.modules, /packages\/nav\/src\/navigator\/NavigatorNode\.ts/)).toHaveLength(1);
    for (const [what, re] of Object.entries(HEAVY)) expect(loaded(r.modules, re), what).toEqual([]);
  });

  it('navstack run navstack policy_node: onnxruntime and the policy package, without TensorFlow.js, MCAP or learn', async () => {
    const r = await modulesLoadedBy(['run', 'navstack', 'policy_node']);
    expect(r.output).toMatch(/navstack-startup \d/);
    expect(r.code).toBe(0);
    expect(loaded(r.modules, HEAVY.onnxruntime).length).toBeGreaterThan(0);
    expect(loaded(r.modules, HEAVY['the policy package']).length).toBeGreaterThan(0);
    for (const what of ['TensorFlow.js', 'MCAP', 'the learning lab', 'the bag package'] as const) expect(loaded(r.modules, HEAVY[what]), what).toEqual([]);
  });

  it('navstack record generates scenarios and writes bags without TensorFlow.js or onnxruntime', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'navstack-record-'));
    const r = await modulesLoadedBy(['record', '--out', out, '--episodes', '1', '--max-seconds', '2']);
    expect(r.code).toBe(0);
    expect(loaded(r.modules, HEAVY.MCAP).length).toBeGreaterThan(0);
    for (const what of ['TensorFlow.js', 'onnxruntime'] as const) expect(loaded(r.modules, HEAVY[what]), what).toEqual([]);
  });

  it('navstack train checks its options before it loads TensorFlow.js', async () => {
    const r = await modulesLoadedBy(['train', '--out', 'models/x.onnx']);
    expect(r.code).toBe(2);
    expect(r.output).toMatch(/option --data: is required/);
    expect(loaded(r.modules, HEAVY['TensorFlow.js'])).toEqual([]);
  });
});
