// The real `ros2 launch` as the oracle for `navstack launch --print`. Every package a launch file uses is
// replaced by a stub ament package (share/<pkg>/, lib/<pkg>/<exec> = stub_node.py) in a temporary prefix;
// the real ros2 launch runs the file, each stub records the arguments launch_ros gave it (and the params
// files it wrote), stub component containers record each LoadNode request; both sides are then written in
// one canonical form and compared.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluateLaunch, globalParamText, LaunchError, PyFloat, pyFloatRepr, type Action, type EvaluatedLaunch, type TypedParam } from '@navstack/rcl';

export const ROS2_SETUP = '/opt/ros2-jazzy/setup.bash';
const STUB = path.join(import.meta.dirname, 'stub_node.py');
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** Where ROS 2 is: sourced (ROS_DISTRO), or the from-source build in /opt/ros2-jazzy; else why the tests skip. */
export function ros2Status(): { available: true; source: string } | { available: false; reason: string } {
  if (process.env.ROS_DISTRO && spawnSync('bash', ['-c', 'command -v ros2'], { encoding: 'utf8' }).status === 0) return { available: true, source: '' };
  if (fs.existsSync(ROS2_SETUP)) return { available: true, source: `source ${ROS2_SETUP} && ` };
  return { available: false, reason: `ROS 2 is not available: ROS_DISTRO is not set and ${ROS2_SETUP} does not exist (build it with ../shared/ros2/build.sh)` };
}

let cachedRosEnv: NodeJS.ProcessEnv | undefined;

/** The environment ros2 launch runs in (this one, with ROS 2's setup sourced), for navstack's side of a comparison. */
export function rosEnv(): NodeJS.ProcessEnv {
  const status = ros2Status();
  if (!status.available || status.source === '') return process.env;
  if (!cachedRosEnv) {
    const r = spawnSync('bash', ['-c', `${status.source}env -0`], { encoding: 'utf8' });
    cachedRosEnv = Object.fromEntries(r.stdout.split('\0').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  }
  return cachedRosEnv;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type CanonParam = { rule: string } | { file: string } | { paramsFile: Json };
export type Canon =
  /** cmd: the arguments before launch_ros's own --ros-args (a node's args, then --ros-args and its ros_args) */
  | { kind: 'node'; exec: string; cmd: string[]; name?: string; ns?: string; params: CanonParam[]; remaps: string[] }
  | { kind: 'load'; container: string; pkg: string; plugin: string; name: string; ns: string; remaps: string[]; params: [string, Json][]; extra: [string, Json][] };

function json(v: TypedParam | boolean | number | string): Json {
  if (Array.isArray(v)) return v.map((x) => json(x));
  if (v instanceof PyFloat) return { float: pyFloatRepr(v.value) };
  return v;
}

// ---------------- navstack's side

/** launch_ros's key of the params file it writes for a node's inline <param>: its full name when name and namespace are known. */
function inlineKey(name: string | undefined, ns: string | undefined): string {
  if (name === undefined || ns === undefined) return '/**';
  return ns === '/' ? `/${name}` : `${ns}/${name}`;
}

export function canonNavstack(actions: readonly Action[]): Canon[] {
  const out: Canon[] = [];
  const load = (c: Extract<Action, { kind: 'composable' }>): Canon => ({
    kind: 'load',
    container: c.target.startsWith('/') ? c.target : `/${c.target}`,
    pkg: c.pkg,
    plugin: c.plugin,
    name: c.name,
    ns: c.namespace ?? '',
    remaps: c.remaps.map((r) => `${r.from}:=${r.to}`),
    params: c.params.map(([n, v]) => [n, json(v)]),
    extra: c.extraArgs.map(([n, v]) => [n, json(v)]),
  });
  for (const a of actions) {
    if (a.kind === 'composable') out.push(load(a));
    if (a.kind !== 'node' || a.pkg === undefined) continue;
    out.push({
      kind: 'node',
      exec: `${a.pkg}/${a.exec}`,
      cmd: [...a.args, ...(a.rosArgs.length ? ['--ros-args', ...a.rosArgs] : [])],
      ...(a.name !== undefined ? { name: a.name } : {}),
      ...(a.namespace !== undefined ? { ns: a.namespace } : {}),
      params: a.params.map((p): CanonParam => {
        if (p.kind === 'rule') return { rule: `${p.name}:=${globalParamText(p.value)}` };
        if (p.kind === 'inline') return { paramsFile: { [inlineKey(a.name, a.namespace)]: { ros__parameters: Object.fromEntries(p.params.map(([n, v]) => [n, json(v)])) } } };
        if (p.file.includes('navstack_launch_params_')) return { paramsFile: readYamlForCanon(p.file) };
        return { file: p.file };
      }),
      remaps: a.remaps.map((r) => `${r.from}:=${r.to}`),
    });
    for (const c of a.composable ?? []) out.push(load(c));
  }
  return out;
}

/** A generated params file, read by Python's YAML loader as the stub does (so both sides agree on types). */
function readYamlForCanon(file: string): Json {
  const r = spawnSync('python3', ['-c', 'import sys,json,yaml\nsys.path.insert(0, sys.argv[2])\nfrom stub_node import encode\nprint(json.dumps(encode(yaml.safe_load(open(sys.argv[1])))))', file, path.dirname(STUB)], { encoding: 'utf8' });
  if (r.status !== 0) return { error: r.stderr.trim() };
  return JSON.parse(r.stdout) as Json;
}

// ---------------- the stub prefix

/** Real package directories (a corpus's packages, by name) that take the place of stubs. */
export type PackageDirs = ReadonlyMap<string, string>;

function ensurePackage(prefix: string, pkg: string, real: PackageDirs = new Map()): void {
  const index = path.join(prefix, 'share', 'ament_index', 'resource_index', 'packages');
  fs.mkdirSync(index, { recursive: true });
  fs.writeFileSync(path.join(index, pkg), '');
  const share = path.join(prefix, 'share', pkg);
  const dir = pkg === 'navstack' ? REPO_ROOT : real.get(pkg);
  if (dir !== undefined) {
    if (!fs.existsSync(share)) {
      fs.mkdirSync(path.dirname(share), { recursive: true });
      fs.symlinkSync(dir, share);
    }
    return;
  }
  fs.mkdirSync(share, { recursive: true });
  if (!fs.existsSync(path.join(share, 'package.xml'))) fs.writeFileSync(path.join(share, 'package.xml'), `<package format="3"><name>${pkg}</name><version>0.0.0</version><description>stub</description><maintainer email="x@example.com">x</maintainer><license>none</license></package>\n`);
}

function ensureExecutable(prefix: string, pkg: string, exec: string, real?: PackageDirs): void {
  ensurePackage(prefix, pkg, real);
  const dir = path.join(prefix, 'lib', pkg);
  fs.mkdirSync(dir, { recursive: true });
  const f = path.join(dir, exec);
  if (!fs.existsSync(f)) {
    fs.copyFileSync(STUB, f);
    fs.chmodSync(f, 0o755);
  }
}

const EMPTY_LAUNCH: Record<string, string> = {
  '.xml': '<launch/>\n',
  '.yaml': 'launch: []\n',
  '.yml': 'launch: []\n',
  '.py': 'from launch import LaunchDescription\n\n\ndef generate_launch_description():\n    return LaunchDescription([])\n',
};

export interface Prepared {
  prefix: string;
  args: Record<string, string>;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** navstack's evaluation, or why it failed. */
  launch?: EvaluatedLaunch;
  error?: string;
  /** Packages and files the stub prefix had to provide. */
  stubs: string[];
}

/**
 * Evaluates a file with navstack over a growing stub prefix: each package navstack reports missing becomes a
 * stub package; each missing file inside a stub package (an included launch file, a file read by
 * $(file-content)) becomes an empty one.
 */
export interface PrepareOptions {
  args?: Record<string, string>;
  /** ros2 launch's working directory (relative includes); default: the file's folder. */
  cwd?: string;
  real?: PackageDirs;
  /** A stub prefix to reuse (and keep); default: a new one. */
  prefix?: string;
  /** Go on past Python includes (as --print does); false: fail on them. */
  skipPythonIncludes?: boolean;
  /** The environment navstack evaluates in (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

export function prepare(file: string, options: PrepareOptions = {}): Prepared {
  const args = options.args ?? {};
  const cwd = options.cwd ?? path.dirname(file);
  const real = options.real ?? new Map<string, string>();
  const prefix = options.prefix ?? fs.mkdtempSync(path.join(os.tmpdir(), 'navstack-oracle-prefix-'));
  const base = options.env ?? process.env;
  const env: NodeJS.ProcessEnv = { ...base, AMENT_PREFIX_PATH: [prefix, base.AMENT_PREFIX_PATH].filter(Boolean).join(':') };
  ensurePackage(prefix, 'navstack');
  const stubs: string[] = [];
  for (let i = 0; i < 200; i++) {
    try {
      const launch = evaluateLaunch(file, { navstackRoot: REPO_ROOT, args, env, cwd, tmpDir: prefix, skipPythonIncludes: options.skipPythonIncludes ?? true });
      // a Python launch file of a stub package is empty on both sides
      for (const p of launch.pythonIncludes) {
        if (!p.path.startsWith(prefix) || fs.existsSync(p.path)) continue;
        fs.mkdirSync(path.dirname(p.path), { recursive: true });
        fs.writeFileSync(p.path, EMPTY_LAUNCH['.py']!);
        stubs.push(path.relative(prefix, p.path));
      }
      for (const a of launch.actions) {
        if (a.kind === 'node' && a.pkg !== undefined) ensureExecutable(prefix, a.pkg, a.exec, real);
      }
      return { prefix, args, cwd, env, launch, stubs };
    } catch (e) {
      if (!(e instanceof LaunchError)) throw e;
      const msg = e.message;
      let m = /package '([^']+)' (?:not found|has no executable '([^']+)')/.exec(msg);
      if (m) {
        if (m[2]) ensureExecutable(prefix, m[1]!, m[2], real);
        else ensurePackage(prefix, m[1]!, real);
        stubs.push(m[2] ? `${m[1]}/${m[2]}` : m[1]!);
        continue;
      }
      // a file a stub package would have: an included launch file (empty), a params file ({}), any other file (empty)
      m = /(?:no launch file |cannot read '|params file )(\/[^\s':]+)/.exec(msg);
      const inStub = (f: string) => f.startsWith(prefix) && !real.has(path.relative(path.join(prefix, 'share'), f).split(path.sep)[0]!);
      if (m && inStub(m[1]!) && !fs.existsSync(m[1]!)) {
        const f = m[1]!;
        fs.mkdirSync(path.dirname(f), { recursive: true });
        fs.writeFileSync(f, msg.includes('no launch file') ? (EMPTY_LAUNCH[path.extname(f)] ?? EMPTY_LAUNCH['.xml']!) : msg.includes('params file') ? '{}\n' : '');
        stubs.push(path.relative(prefix, f));
        continue;
      }
      return { prefix, args, cwd, env, error: msg, stubs };
    }
  }
  return { prefix, args, cwd, env, error: 'too many stubs', stubs };
}

// ---------------- the real side

interface Record_ {
  kind: 'process' | 'load';
  [k: string]: unknown;
}

function canonRecord(r: Record_, prefix: string): Canon | undefined {
  const fixPath = (s: string) => s.split(path.join(prefix, 'share', 'navstack')).join(REPO_ROOT);
  if (r.kind === 'load') {
    return {
      kind: 'load',
      container: r.container as string,
      pkg: r.pkg as string,
      plugin: r.plugin as string,
      name: r.name as string,
      ns: r.namespace as string,
      remaps: (r.remaps as string[]).map(fixPath),
      params: (r.params as [string, Json][]).map(([n, v]) => [n, typeof v === 'string' ? fixPath(v) : v]),
      extra: r.extra as [string, Json][],
    };
  }
  const argv = (r.argv as string[]).map(fixPath);
  const last = argv.lastIndexOf('--ros-args');
  const out: Extract<Canon, { kind: 'node' }> = { kind: 'node', exec: `${r.pkg as string}/${r.exec as string}`, cmd: argv.slice(0, last), params: [], remaps: [] };
  const files = r.files as Record<string, Json>;
  for (let i = last + 1; i < argv.length; i++) {
    const flag = argv[i]!;
    const v = argv[++i]!;
    if (flag === '-r' && v.startsWith('__node:=')) out.name = v.slice(8);
    else if (flag === '-r' && v.startsWith('__ns:=')) out.ns = v.slice(6);
    else if (flag === '-r') out.remaps.push(v);
    else if (flag === '-p') out.params.push({ rule: v });
    else if (flag === '--params-file') {
      const original = (r.argv as string[])[i]!;
      out.params.push(path.basename(original).startsWith('launch_params_') ? { paramsFile: fixJson(files[original] ?? null, fixPath) } : { file: v });
    } else out.params.push({ rule: `unexpected ${flag} ${v}` });
  }
  return out;
}

function fixJson(v: Json, fix: (s: string) => string): Json {
  if (typeof v === 'string') return fix(v);
  if (Array.isArray(v)) return v.map((x) => fixJson(x, fix));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fixJson(x, fix)]));
  return v;
}

let nextDomain = 0;

export interface RealRun {
  records: Canon[];
  /** ros2 launch's own output, for failures. */
  output: string;
  exitCode: number | null;
}

/** Runs the real `ros2 launch` on a file over the stub prefix and collects what each stub recorded. */
export async function runRos2Launch(file: string, prep: Prepared, expected: number, timeoutMs = 20_000): Promise<RealRun> {
  const { args, cwd } = prep;
  const status = ros2Status();
  if (!status.available) throw new Error(status.reason);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navstack-oracle-out-'));
  const argText = Object.entries(args)
    .map(([k, v]) => `'${`${k}:=${v}`.replace(/'/g, `'"'"'`)}'`)
    .join(' ');
  const script = `${status.source}export AMENT_PREFIX_PATH="${prep.prefix}:$AMENT_PREFIX_PATH"; exec ros2 launch --noninteractive '${file}' ${argText}`;
  // runs at the same time in this process never share a DDS domain (a load could reach another run's container)
  const domain = 120 + ((process.pid + nextDomain++) % 100);
  const env = { ...process.env, ...prep.env, AMENT_PREFIX_PATH: process.env.AMENT_PREFIX_PATH ?? '', NAVSTACK_ORACLE_DIR: dir, NAVSTACK_ORACLE_CONTAINERS: containerExecs(prep.launch?.actions ?? []).join(','), ROS_DOMAIN_ID: String(domain), ROS_AUTOMATIC_DISCOVERY_RANGE: 'LOCALHOST', PYTHONUNBUFFERED: '1' };
  // loads into containers the file does not start (another launch file's, in real use) go to stub containers
  const external = externalContainers(prep.launch?.actions ?? []).map((fq) => {
    const exe = path.join(prep.prefix, 'lib', 'navstack_oracle', 'component_container');
    if (!fs.existsSync(exe)) ensureExecutable(prep.prefix, 'navstack_oracle', 'component_container');
    const ns = fq.slice(0, fq.lastIndexOf('/')) || '/';
    return spawn('bash', ['-c', `${status.source}exec '${exe}' --ros-args -r __node:=${fq.slice(fq.lastIndexOf('/') + 1)} -r __ns:=${ns}`], { env: { ...env, NAVSTACK_ORACLE_EXTERNAL: '1' }, detached: true, stdio: 'ignore' });
  });
  const child = spawn('bash', ['-c', script], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  let exitCode: number | null = null;
  let exited = false;
  child.on('exit', (code) => {
    exited = true;
    exitCode = code;
  });
  const count = () => fs.readdirSync(dir).filter((f) => f.endsWith('.json')).length;
  const t0 = Date.now();
  let lastCount = -1;
  let stableSince = Date.now();
  while (!exited && Date.now() - t0 < timeoutMs) {
    await new Promise((r) => setTimeout(r, 100));
    const n = count();
    if (n !== lastCount) {
      lastCount = n;
      stableSince = Date.now();
    }
    if (n >= expected && Date.now() - stableSince > (expected === 0 ? 1500 : 800)) break;
  }
  if (!exited) {
    try {
      process.kill(-child.pid!, 'SIGINT');
    } catch {
      // already gone
    }
    const t1 = Date.now();
    while (!exited && Date.now() - t1 < 8000) await new Promise((r) => setTimeout(r, 50));
    if (!exited) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  for (const e of external) {
    try {
      process.kill(-e.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const records = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record_)
    .map((r) => canonRecord(r, prep.prefix))
    .filter((r): r is Canon => r !== undefined);
  fs.rmSync(dir, { recursive: true, force: true });
  return { records, output, exitCode };
}

/** What a comparison shows: both sides as sorted canonical JSON lines. */
export function sortedLines(c: Canon[]): string[] {
  // $(anon NAME) is NAME_<host>_<pid>_<random> on both sides: the random part cannot agree
  const anon = new RegExp(`_${os.hostname().replace(/[.:-]/g, '_')}_\\d+_\\d+`, 'g');
  return c.map((x) => stableJson(x as unknown as Json).replace(anon, '_ANON')).sort();
}

function stableJson(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson(v[k]!)}`).join(',')}}`;
  return JSON.stringify(v);
}

/** Executables the launch starts as component containers (`<node_container>`, or a node composable nodes are loaded into). */
function containerExecs(actions: readonly Action[]): string[] {
  const targets = new Set(actions.filter((a) => a.kind === 'composable').map((a) => (a.target.startsWith('/') ? a.target : `/${a.target}`)));
  const out = new Set<string>();
  for (const a of actions) {
    if (a.kind !== 'node' || a.pkg === undefined) continue;
    const fq = a.name === undefined ? undefined : a.namespace === undefined || a.namespace === '/' ? `/${a.name}` : `${a.namespace}/${a.name}`;
    if (a.composable !== undefined || (fq !== undefined && targets.has(fq))) out.add(`${a.pkg}/${a.exec}`);
  }
  return [...out];
}

/** Containers that composable nodes are loaded into but that the launch does not start. */
export function externalContainers(actions: readonly Action[]): string[] {
  const own = new Set<string>();
  const targets = new Set<string>();
  const abs = (t: string) => (t.startsWith('/') ? t : `/${t}`);
  for (const a of actions) {
    if (a.kind === 'node' && a.name !== undefined) own.add(a.namespace === undefined || a.namespace === '/' ? `/${a.name}` : `${a.namespace}/${a.name}`);
    if (a.kind === 'composable') targets.add(abs(a.target));
  }
  return [...targets].filter((t) => !own.has(t));
}

/** How many records the real run should produce for navstack's evaluation: processes of packages and composable loads. */
export function expectedRecords(actions: readonly Action[]): number {
  let n = 0;
  for (const a of actions) {
    if (a.kind === 'composable') n++;
    if (a.kind === 'node' && a.pkg !== undefined) n += 1 + (a.composable?.length ?? 0);
  }
  return n;
}

export function cleanup(prep: Prepared): void {
  fs.rmSync(prep.prefix, { recursive: true, force: true });
}
