import type { RemapRule } from '../names.ts';
import { parseParamText, type ParamValue } from '../params.ts';
import type { NodeAction } from './evaluate.ts';

/** What `ros2 launch` passes to a node's executable (launch_ros writes inline params to a file; `-p` is equivalent). */
export function toRosArgs(action: NodeAction, nodeName: string): string[] {
  const out = ['--ros-args', '-r', `__node:=${nodeName}`];
  if (action.namespace !== '/') out.push('-r', `__ns:=${action.namespace}`);
  for (const p of action.params) {
    if ('file' in p) out.push('--params-file', p.file);
    else out.push('-p', `${p.name}:=${formatParam(p.value)}`);
  }
  for (const r of action.remaps) out.push('-r', `${r.from}:=${r.to}`);
  return out;
}

function formatParam(v: ParamValue): string {
  return Array.isArray(v) ? `[${v.map((x) => (typeof x === 'string' ? JSON.stringify(x) : String(x))).join(',')}]` : String(v);
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
