import fs from 'node:fs';
import path from 'node:path';
import { LaunchError, type Where } from './types.ts';

export interface SubstitutionContext {
  vars: ReadonlyMap<string, string>;
  env: NodeJS.ProcessEnv;
  findPkgShare(pkg: string): string | undefined;
  knownPackages(): string[];
  /** The launch file being read, for $(dirname) and $(filename). */
  file: string;
}

/** Evaluates ROS 2 launch substitutions: $(var), $(env), $(optenv), $(find-pkg-share), $(find-pkg-prefix), $(dirname), $(filename); nestable. */
export function substitute(text: string, ctx: SubstitutionContext, where: Where): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('$(', i);
    if (start < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, start);
    // find the matching ')' allowing nested $( ... )
    let depth = 0;
    let end = -1;
    for (let j = start + 1; j < text.length; j++) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')') {
        depth--;
        if (depth === 0) {
          end = j;
          break;
        }
      }
    }
    if (end < 0) throw new LaunchError(where, `unterminated substitution in '${text}'`);
    const inner = substitute(text.slice(start + 2, end), ctx, where).trim();
    out += evaluateOne(inner, ctx, where);
    i = end + 1;
  }
  return out;
}

function evaluateOne(expr: string, ctx: SubstitutionContext, where: Where): string {
  const [name = '', ...rest] = expr.split(/\s+/);
  const arg = rest.join(' ');
  switch (name) {
    case 'var': {
      const v = ctx.vars.get(arg);
      if (v === undefined) throw new LaunchError(where, `launch argument '${arg}' is not set (declare it with <arg name="${arg}" default="..."/> or pass ${arg}:=value); known: ${[...ctx.vars.keys()].join(', ') || 'none'}`);
      return v;
    }
    case 'env': {
      const [envName = '', ...def] = rest;
      const v = ctx.env[envName];
      if (v !== undefined) return v;
      if (def.length) return def.join(' ');
      throw new LaunchError(where, `environment variable '${envName}' is not set`);
    }
    case 'optenv': {
      const [envName = '', ...def] = rest;
      return ctx.env[envName] ?? def.join(' ');
    }
    case 'find-pkg-share':
    case 'find-pkg-prefix': {
      const share = ctx.findPkgShare(arg);
      if (share === undefined) throw new LaunchError(where, `package '${arg}' not found (known packages: ${ctx.knownPackages().join(', ')}; on ROS 2, source its workspace)`);
      return name === 'find-pkg-share' ? share : path.resolve(share, '..', '..');
    }
    case 'dirname':
      return path.dirname(ctx.file);
    case 'filename':
      return path.basename(ctx.file);
    default:
      throw new LaunchError(where, `unsupported substitution '$(${expr})' (navstack supports var, env, optenv, find-pkg-share, find-pkg-prefix, dirname, filename)`);
  }
}

/** Condition values as launch reads them: true/false/1/0, case-insensitive. */
export function conditionValue(text: string, where: Where): boolean {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  throw new LaunchError(where, `condition must be true or false, got '${text}'`);
}

/** Share directories of packages: navstack itself (this repository) and, on ROS 2, AMENT_PREFIX_PATH. */
export function packageResolver(navstackRoot: string, env: NodeJS.ProcessEnv) {
  const prefixes = (env.AMENT_PREFIX_PATH ?? '').split(':').filter(Boolean);
  return {
    findPkgShare(pkg: string): string | undefined {
      if (pkg === 'navstack') return navstackRoot;
      for (const p of prefixes) {
        const d = path.join(p, 'share', pkg);
        if (fs.existsSync(d)) return d;
      }
      return undefined;
    },
    knownPackages(): string[] {
      const known = new Set(['navstack']);
      for (const p of prefixes) {
        try {
          for (const d of fs.readdirSync(path.join(p, 'share'))) known.add(d);
        } catch {
          // a prefix without share/ is skipped
        }
      }
      return [...known];
    },
  };
}
