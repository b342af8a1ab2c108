import type { RemapRule } from '../names.ts';
import { parseParamText, type ParamValue } from '../params.ts';
import type { Action, ComposableLoad, NodeAction, ParamSource } from './evaluate.ts';
import { globalParamText, type TypedParam } from './paramValues.ts';
import { yamlFlow } from './substitutions/pyValue.ts';

/**
 * The arguments `ros2 launch` passes a node's executable: its args, its ros_args, then launch_ros's own
 * `--ros-args` (node name and namespace only when given, set_parameter rules, params files, remaps).
 * launch_ros writes each inline `<param>` into a temporary params file; here it is the equivalent
 * `-p name:=value`, the value written in YAML so that it reads back with the same type (5.0 stays a float,
 * '1' stays a string).
 */
export function toRosArgs(a: NodeAction): string[] {
  const out = [...a.args];
  if (a.rosArgs.length) out.push('--ros-args', ...a.rosArgs);
  out.push('--ros-args');
  if (a.name !== undefined) out.push('-r', `__node:=${a.name}`);
  if (a.namespace !== undefined) out.push('-r', `__ns:=${a.namespace}`);
  for (const p of a.params) out.push(...paramArgs(p));
  for (const r of a.remaps) out.push('-r', `${r.from}:=${r.to}`);
  return out;
}

function paramArgs(p: ParamSource): string[] {
  if (p.kind === 'file') return ['--params-file', p.file];
  if (p.kind === 'rule') return ['-p', `${p.name}:=${globalParamText(p.value)}`];
  return p.params.flatMap(([n, v]) => ['-p', `${n}:=${yamlFlow(v)}`]);
}

/** A composable node's LoadNode request, written as ROS arguments (extra_arguments after them). */
export function composableArgs(c: ComposableLoad): string[] {
  const out = ['--ros-args', '-r', `__node:=${c.name}`];
  if (c.namespace !== undefined) out.push('-r', `__ns:=${c.namespace}`);
  for (const [n, v] of c.params) out.push('-p', `${n}:=${yamlFlow(v)}`);
  for (const r of c.remaps) out.push('-r', `${r.from}:=${r.to}`);
  return out;
}

const SAFE = /^[A-Za-z0-9_./:=@%+,^-]+$/;

/** Quotes an argument for a POSIX shell only when it needs it. */
export function shellQuote(s: string): string {
  if (s !== '' && SAFE.test(s)) return s;
  if (!/["$`\\!]/.test(s)) return `"${s}"`;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

function extraText([n, v]: [string, TypedParam]): string {
  return `${n}:=${yamlFlow(v)}`;
}

/** `navstack launch --print`: one line per process and per composable node load, as ros2 launch would start them. */
export function printLaunch(actions: readonly Action[]): string[] {
  const lines: string[] = [];
  const after = (delay: number) => (delay > 0 ? `(after ${delay} s) ` : '');
  const load = (c: ComposableLoad, indent: string) =>
    lines.push(`${indent}${after(c.delay)}[load_node ${c.target}] ${c.pkg}/${c.plugin} ${composableArgs(c).map(shellQuote).join(' ')}${c.extraArgs.length ? ` [extra_arguments: ${c.extraArgs.map(extraText).join(' ')}]` : ''}`);
  for (const a of actions) {
    if (a.kind === 'node') {
      lines.push(`${after(a.delay)}${a.pkg === undefined ? a.exec : `${a.pkg}/${a.exec}`} ${toRosArgs(a).map(shellQuote).join(' ')}`);
      for (const c of a.composable ?? []) load(c, '  ');
    } else if (a.kind === 'composable') load(a, '');
    else if (a.kind === 'process') lines.push(`${after(a.delay)}[executable] ${a.shell ? a.cmd.join(' ') : a.cmd.map(shellQuote).join(' ')}`);
  }
  return lines;
}

export interface ParsedRosArgs {
  nodeName?: string;
  namespace?: string;
  /** In command-line order; a later one wins. */
  params: ({ file: string } | { name: string; value: ParamValue })[];
  remaps: RemapRule[];
  logLevel?: string;
  /** Arguments outside --ros-args ... -- */
  rest: string[];
}

/** Reads ROS 2 command-line arguments (`--ros-args -r a:=b -p x:=1 --params-file f -- ...`). */
export function parseRosArgs(argv: readonly string[]): ParsedRosArgs {
  const out: ParsedRosArgs = { params: [], remaps: [], rest: [] };
  let inRos = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--ros-args') {
      inRos = true;
      continue;
    }
    if (!inRos) {
      out.rest.push(a);
      continue;
    }
    if (a === '--') {
      inRos = false;
      continue;
    }
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`--ros-args: ${a} needs a value`);
      return v;
    };
    switch (a) {
      case '-r':
      case '--remap': {
        const rule = next();
        const m = /^(?:([A-Za-z_][A-Za-z0-9_]*):)?([^:]+):=(.+)$/.exec(rule);
        if (!m) throw new Error(`--ros-args: bad remap rule '${rule}' (expected from:=to)`);
        const [, node, from, to] = m;
        if (from === '__node' || from === '__name') out.nodeName = to;
        else if (from === '__ns') out.namespace = to;
        else out.remaps.push({ from: from!, to: to!, ...(node ? { nodeName: node } : {}) });
        break;
      }
      case '-p':
      case '--param': {
        const p = next();
        const k = p.indexOf(':=');
        if (k < 0) throw new Error(`--ros-args: bad parameter '${p}' (expected name:=value)`);
        out.params.push({ name: p.slice(0, k), value: parseParamText(p.slice(k + 2)) });
        break;
      }
      case '--params-file':
        out.params.push({ file: next() });
        break;
      case '--log-level':
        out.logLevel = next();
        break;
      case '-e':
      case '--enclave':
        next();
        break;
      default:
        throw new Error(`--ros-args: unsupported argument '${a}'`);
    }
  }
  return out;
}
