import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = path.join(import.meta.dirname, '..', 'bin', 'navstack.js');
const fixtures = path.resolve(import.meta.dirname, '../../rcl/src/launch/fixtures');
const navstack = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('navstack CLI', () => {
  it('lists its commands with --help and exits 0', () => {
    const r = navstack('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/usage: navstack COMMAND/);
    expect(r.stdout).toMatch(/launch\s+start the nodes of a ROS 2 launch file/);
  });

  it('rejects an unknown command and unknown options with exit code 2', () => {
    const r = navstack('flyto');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'flyto'/);
    const o = navstack('launch', '--turbo', 'x.launch.xml');
    expect(o.status).toBe(2);
    expect(o.stderr).toMatch(/Unknown option '--turbo'/);
    const b = navstack('bench', '--only', 'nosuch');
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/unknown benchmark 'nosuch'/);
  });

  it('validates the policy commands\' options before doing any work', () => {
    const t = navstack('train', '--out', 'models/x.onnx');
    expect(t.status).toBe(2);
    expect(t.stderr).toMatch(/train: option --data: is required/);
    const o = navstack('train', '--data', 'd', '--out', 'model.pt');
    expect(o.status).toBe(2);
    expect(o.stderr).toMatch(/option --out: must end in \.onnx/);
    const r = navstack('record', '--out', '/tmp/x', '--episodes', 'many');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/option --episodes: must be a number/);
    const e = navstack('eval', '--suite', 's.json', '--agents', 'policy,oracle');
    expect(e.status).toBe(2);
    expect(e.stderr).toMatch(/unknown agent 'oracle'/);
  });

  it('names file and line when a launch file is wrong, with exit code 1', () => {
    const r = navstack('launch', path.join(fixtures, 'missing_arg.launch.xml'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/missing_arg\.launch\.xml:2: missing required argument 'world'/);
  });

  it('shows a launch file\'s arguments', () => {
    const r = navstack('launch', path.join(fixtures, 'robot.launch.xml'), '--show-args');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/'robot':\n\s+namespace of the robot\n\s+\(default: 'robot1'\)/);
  });

  it('says which launch files exist when the file is missing', () => {
    const r = navstack('launch', 'nope.launch.xml');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no such file .*nope\.launch\.xml/);
  });

  it('launches the simulated scenario and shuts every node down cleanly on Ctrl-C', async () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    const child = spawn(process.execPath, [bin, 'launch', path.join(root, 'launch/sim.launch.xml'), 'viewer:=false', 'mode:=fast'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const t0 = Date.now();
    while (!out.includes('press Ctrl-C') && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 50));
    expect(out).toMatch(/started 4 nodes from .*sim\.launch\.xml: \/sim, \/navigator, \/safety, \/policy/);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toMatch(/shutting down/);
  });
});
