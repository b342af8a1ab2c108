// Helpers for the ROS 2 suite (*.ros2.test.ts): the real ros2 CLI, ros2 launch and rclpy, run against
// navstack's ament package built with colcon into a temporary workspace.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Builds navstack's ament package (package.xml + CMakeLists.txt) with colcon; returns the workspace. */
export async function buildWorkspace(): Promise<string> {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'navstack-ws-'));
  fs.mkdirSync(path.join(ws, 'src'));
  fs.symlinkSync(REPO, path.join(ws, 'src', 'navstack'));
  await run('bash', ['-c', `cd ${ws} && colcon build --packages-select navstack --event-handlers console_cohesion- summary-`], { timeoutMs: 120_000 });
  return ws;
}

/** A shell prefix that puts the workspace on top of the sourced ROS 2 (as `source install/setup.bash`). */
function withWorkspace(ws: string | undefined, command: string): string {
  return ws ? `. ${ws}/install/setup.bash && ${command}` : command;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout then stderr (ros2 param set reports a failure on stderr) */
  output: string;
}

/** Runs a command to completion; rejects on timeout. */
export function run(cmd: string, args: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: opts.timeoutMs ?? 30_000, env: opts.env ?? process.env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const e = err as (Error & { code?: number | string; killed?: boolean }) | null;
      if (e?.killed) reject(new Error(`${cmd} ${args.join(' ')} timed out:\n${stdout}\n${stderr}`));
      else resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout, stderr, output: stdout + stderr });
    });
  });
}

/** `ros2 ...` (the real CLI), in the workspace when one is given; --no-daemon so each call sees the graph afresh. */
export async function ros2(args: string, opts: { ws?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return run('bash', ['-c', withWorkspace(opts.ws, `ros2 ${args}`)], { timeoutMs: opts.timeoutMs ?? 30_000 });
}

/** A long-running process (ros2 launch, an rclpy node) with its output collected. */
export class Proc {
  readonly child: ChildProcess;
  out = '';
  readonly exited: Promise<number | null>;

  constructor(command: string, opts: { ws?: string; env?: NodeJS.ProcessEnv } = {}) {
    // Its own process group, so that a test can signal the whole tree, as Ctrl-C in a terminal does.
    this.child = spawn('bash', ['-c', withWorkspace(opts.ws, `exec ${command}`)], { env: { ...process.env, ...opts.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d) => (this.out += d));
    this.child.stderr!.on('data', (d) => (this.out += d));
    this.exited = new Promise((r) => this.child.on('exit', (code, signal) => r(code ?? (signal ? 128 : null))));
  }

  /** Resolves when the output matches, rejects with the output so far on timeout or exit. */
  async waitFor(re: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
    const t0 = Date.now();
    for (;;) {
      const m = this.out.match(re);
      if (m) return m;
      if (this.child.exitCode !== null) throw new Error(`process exited (${this.child.exitCode}) before ${re}:\n${this.out}`);
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${re}:\n${this.out}`);
      await sleep(100);
    }
  }

  /** SIGINT to the process group (Ctrl-C); resolves with the exit code, SIGKILL after the grace period. */
  async interrupt(graceMs = 15_000): Promise<number | null> {
    if (this.child.exitCode !== null) return this.child.exitCode;
    process.kill(-this.child.pid!, 'SIGINT');
    const timer = setTimeout(() => this.kill(), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  kill(): void {
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `f` returns a value (not undefined), or throws the last error on timeout. */
export async function eventually<T>(f: () => Promise<T | undefined>, timeoutMs = 30_000, everyMs = 500): Promise<T> {
  const t0 = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const v = await f();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
    await sleep(everyMs);
  }
}

/** Reads one message with `ros2 topic echo --once` as YAML text. */
export async function echoOnce(topic: string, extra = '', timeoutMs = 20_000): Promise<string> {
  const r = await ros2(`topic echo --once ${extra} ${topic}`, { timeoutMs });
  if (r.code !== 0) throw new Error(`ros2 topic echo ${topic} failed: ${r.stderr}`);
  return r.stdout;
}

/** The x, y of /odom, from `ros2 topic echo`. */
export async function odomXY(ns = ''): Promise<{ x: number; y: number }> {
  const text = await echoOnce(`${ns}/odom`, '--field pose.pose.position');
  const x = Number(/x: (-?[\d.e-]+)/.exec(text)?.[1]);
  const y = Number(/y: (-?[\d.e-]+)/.exec(text)?.[1]);
  return { x, y };
}

/** The yaw of /odom (rad), from `ros2 topic echo`. */
export async function odomYaw(ns = ''): Promise<number> {
  const text = await echoOnce(`${ns}/odom`, '--field pose.pose.orientation');
  const z = Number(/z: (-?[\d.e-]+)/.exec(text)?.[1]);
  const w = Number(/w: (-?[\d.e-]+)/.exec(text)?.[1]);
  return 2 * Math.atan2(z, w);
}

/** The processes whose command line mentions `needle` (to check that Ctrl-C left nothing behind). */
export function processesMatching(needle: string): string[] {
  const out: string[] = [];
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.includes(needle)) out.push(`${pid} ${cmd}`);
    } catch {
      /* gone */
    }
  }
  return out;
}

/** /usr/bin/python3 (ROS 2's rclpy is built for the system Python). */
export const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
