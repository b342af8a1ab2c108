import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseTemplate, type Part, type Template } from './substitutions/grammar.ts';
import { evalPython, PyExprError } from './substitutions/pyExpr.ts';
import { pyStr, yamlSafeLoad, YamlLoadError, type PyValue } from './substitutions/pyValue.ts';
import { LaunchError, type Where } from './types.ts';

export interface SubstitutionContext {
  /** Launch configurations (arguments and `let`); $(anon) stores its names here too, as launch does. */
  vars: Map<string, string>;
  env: Readonly<Record<string, string | undefined>>;
  findPkgShare(pkg: string): string | undefined;
  findPkgPrefix(pkg: string): string | undefined;
  knownPackages(): string[];
  /** The launch file being read, for $(dirname) and $(filename) (an include changes it for the rest of the launch, as in launch). */
  file: string;
  /** set_parameter values so far, for $(param). */
  globalParams: readonly (readonly [string, PyValue])[];
}

export const SUBSTITUTIONS = ['var', 'env', 'find-pkg-share', 'find-pkg-prefix', 'find-exec', 'exec-in-pkg', 'dirname', 'filename', 'anon', 'command', 'file-content', 'eval', 'if', 'equals', 'not-equals', 'not', 'and', 'or', 'any', 'all', 'param', 'log_dir', 'launch_log_dir'];

/** Argument counts launch accepts, checked when a file is read (as launch's parser does). */
const ARITY: Record<string, [number, number]> = {
  var: [1, 2],
  env: [1, 2],
  'find-pkg-share': [1, 1],
  'find-pkg-prefix': [1, 1],
  'find-exec': [1, 1],
  'exec-in-pkg': [2, 2],
  dirname: [0, 0],
  filename: [0, 0],
  anon: [1, 1],
  command: [1, 2],
  'file-content': [1, 1],
  eval: [1, 2],
  if: [2, 3],
  equals: [2, 2],
  'not-equals': [2, 2],
  not: [1, 1],
  and: [2, 2],
  or: [2, 2],
  any: [0, Infinity],
  all: [0, Infinity],
  param: [1, 2],
  log_dir: [0, 0],
  launch_log_dir: [0, 0],
};

/** Parses text with substitutions and checks names and argument counts; errors name file and line. */
export function parseSubstitutions(text: string, where: Where): Template {
  const t = parseTemplate(text, where);
  const check = (parts: Part[]) => {
    for (const p of parts) {
      if ('text' in p) continue;
      if (p.sub === 'optenv') throw new LaunchError(where, `ROS 2 launch has no $(optenv ...); write $(env NAME default) instead`);
      // launch 3.4 (Jazzy) exposes them but its parser cannot build them (AnySubstitution.parse returns
      // {'args': ...} for a constructor taking *args): a file using them fails in ros2 launch too
      if (p.sub === 'any' || p.sub === 'all') throw new LaunchError(where, `$(${p.sub} ...) fails in ROS 2 Jazzy's launch (a bug in its parser); write it with $(${p.sub === 'any' ? 'or' : 'and'} a b) instead`);
      const arity = ARITY[p.sub];
      if (!arity) throw new LaunchError(where, `unknown substitution '$(${p.sub} ...)' (ROS 2 launch has: ${SUBSTITUTIONS.join(', ')})`);
      if (p.args.length < arity[0] || p.args.length > arity[1]) {
        throw new LaunchError(where, `$(${p.sub}) takes ${arity[0] === arity[1] ? arity[0] : `${arity[0]} to ${arity[1]}`} argument(s), got ${p.args.length}`);
      }
      p.args.forEach(check);
    }
  };
  check(t);
  return t;
}

/** Evaluates a template (or text, parsed first) in a context. */
export function substitute(text: string | Template, ctx: SubstitutionContext, where: Where): string {
  const t = typeof text === 'string' ? parseSubstitutions(text, where) : text;
  return t.map((p) => ('text' in p ? p.text : evaluateOne(p, ctx, where))).join('');
}

/** launch's typed bool: true/false/1/0 and YAML's yes/no/on/off. */
export function substituteBool(arg: Part[], ctx: SubstitutionContext, where: Where, what: string): boolean {
  const s = substitute(arg, ctx, where);
  const v = s === '1' ? true : s === '0' ? false : safeYaml(s);
  if (typeof v !== 'boolean') throw new LaunchError(where, `${what}: '${s}' is not a boolean (true, false, 1, 0)`);
  return v;
}

function safeYaml(s: string): PyValue {
  try {
    return yamlSafeLoad(s);
  } catch (e) {
    if (e instanceof YamlLoadError) return s;
    throw e;
  }
}

const isBoolText = (s: string) => ['true', 'false', '1', '0'].includes(s.toLowerCase());
const isFloatText = (s: string) => /^\s*[-+]?(\d+\.?\d*(e[-+]?\d+)?|\.\d+(e[-+]?\d+)?|inf(inity)?|nan)\s*$/i.test(s);

function equalsText(a: string, b: string): boolean {
  if (isBoolText(a) && isBoolText(b)) return ['true', '1'].includes(a.toLowerCase()) === ['true', '1'].includes(b.toLowerCase());
  if (isFloatText(a) && isFloatText(b)) {
    const x = Number(a.trim().replace(/^([-+]?)inf(inity)?$/i, '$1Infinity'));
    const y = Number(b.trim().replace(/^([-+]?)inf(inity)?$/i, '$1Infinity'));
    return x === y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
  }
  return a === b;
}

/** shlex.split, for $(command). */
export function shlexSplit(s: string): string[] {
  const out: string[] = [];
  let cur: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      if (cur !== undefined) out.push(cur);
      cur = undefined;
    } else if (c === "'") {
      const j = s.indexOf("'", i + 1);
      if (j < 0) throw new Error('no closing quotation');
      cur = (cur ?? '') + s.slice(i + 1, j);
      i = j;
    } else if (c === '"') {
      let v = '';
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === '\\' && '\\"$`\n'.includes(s[j + 1] ?? '')) j++;
        v += s[j];
      }
      if (j >= s.length) throw new Error('no closing quotation');
      cur = (cur ?? '') + v;
      i = j;
    } else if (c === '\\' && i + 1 < s.length) {
      cur = (cur ?? '') + s[++i];
    } else cur = (cur ?? '') + c;
  }
  if (cur !== undefined) out.push(cur);
  return out;
}

function which(name: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (name.includes('/')) return fs.existsSync(name) ? name : undefined;
  for (const d of (env.PATH ?? '').split(':').filter(Boolean)) {
    const f = path.join(d, name);
    try {
      fs.accessSync(f, fs.constants.X_OK);
      if (fs.statSync(f).isFile()) return f;
    } catch {
      // not here
    }
  }
  return undefined;
}

function evaluateOne(p: Extract<Part, { sub: string }>, ctx: SubstitutionContext, where: Where): string {
  const arg = (i: number) => substitute(p.args[i]!, ctx, where);
  const fail = (detail: string): never => {
    throw new LaunchError(where, `$(${p.sub}): ${detail}`);
  };
  switch (p.sub) {
    case 'var': {
      const name = arg(0);
      const v = ctx.vars.get(name);
      if (v !== undefined) return v;
      if (p.args.length === 2) return arg(1);
      return fail(`launch argument '${name}' is not set (declare it with <arg name="${name}" default="..."/> or pass ${name}:=value); set here: ${[...ctx.vars.keys()].filter((k) => !k.startsWith('anon')).join(', ') || 'none'}`);
    }
    case 'env': {
      const name = arg(0);
      const v = ctx.env[name];
      if (v !== undefined) return v;
      if (p.args.length === 2) return arg(1);
      return fail(`environment variable '${name}' is not set (give a default: $(env ${name} default))`);
    }
    case 'find-pkg-share':
    case 'find-pkg-prefix': {
      const pkg = arg(0);
      const d = p.sub === 'find-pkg-share' ? ctx.findPkgShare(pkg) : ctx.findPkgPrefix(pkg);
      if (d === undefined) return fail(`package '${pkg}' not found (known packages: ${ctx.knownPackages().join(', ')}; on ROS 2, source its workspace)`);
      return d;
    }
    case 'exec-in-pkg': {
      const exec = arg(0);
      const pkg = arg(1);
      const prefix = ctx.findPkgPrefix(pkg);
      if (prefix === undefined) return fail(`package '${pkg}' not found`);
      const f = path.join(prefix, 'lib', pkg, exec);
      if (!fs.existsSync(f)) return fail(`package '${pkg}' has no executable '${exec}'`);
      return f;
    }
    case 'find-exec': {
      const name = arg(0);
      return which(name, ctx.env) ?? fail(`executable '${name}' not found on the PATH`);
    }
    case 'dirname':
      return path.dirname(ctx.file);
    case 'filename':
      // launch's ThisLaunchFile: the whole path, despite the name
      return ctx.file;
    case 'anon': {
      const name = arg(0);
      const key = `anon${name}`;
      if (!ctx.vars.has(key)) ctx.vars.set(key, `${name}_${os.hostname()}_${process.pid}_${Math.floor(Math.random() * 2 ** 53)}`.replace(/[.:-]/g, '_'));
      return ctx.vars.get(key)!;
    }
    case 'command': {
      const cmd = arg(0);
      const onStderr = p.args.length === 2 ? arg(1) : 'fail';
      if (!['fail', 'ignore', 'warn', 'capture'].includes(onStderr)) return fail(`the second argument is one of fail, ignore, warn, capture (got '${onStderr}')`);
      let argv: string[];
      try {
        argv = shlexSplit(cmd);
      } catch (e) {
        return fail(`cannot split '${cmd}': ${(e as Error).message}`);
      }
      if (!argv.length) return fail('empty command');
      const env = Object.fromEntries(Object.entries(ctx.env).filter((e): e is [string, string] => e[1] !== undefined));
      const r = spawnSync(argv[0]!, argv.slice(1), { env, encoding: 'utf8', stdio: ['ignore', 'pipe', onStderr === 'capture' ? 'pipe' : 'pipe'], maxBuffer: 64 * 1024 * 1024 });
      if (r.error) return fail(`cannot run '${cmd}': ${(r.error as NodeJS.ErrnoException).code ?? r.error.message}`);
      if (r.status !== 0) return fail(`'${cmd}' exited with ${r.status ?? r.signal}${r.stderr ? `: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`);
      if (r.stderr && onStderr === 'fail') return fail(`'${cmd}' wrote to stderr (pass 'ignore', 'warn' or 'capture' as the second argument to accept that): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      if (r.stderr && onStderr === 'warn') process.stderr.write(`[WARNING] [launch]: ${where.file}:${where.line}: $(command ${cmd}) wrote to stderr:\n${r.stderr}`);
      return onStderr === 'capture' ? r.stdout + r.stderr : r.stdout;
    }
    case 'file-content': {
      const f = arg(0);
      try {
        return fs.readFileSync(f, 'utf8');
      } catch (e) {
        return fail(`cannot read '${f}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }
    case 'eval': {
      const expr = arg(0);
      const modules = p.args.length === 2 ? arg(1).split(',').map((m) => m.trim()).filter(Boolean) : ['math'];
      try {
        return evalPython(expr, modules);
      } catch (e) {
        if (e instanceof PyExprError) return fail(`${e.message} (expression: ${expr})`);
        throw e;
      }
    }
    case 'if':
      return substituteBool(p.args[0]!, ctx, where, '$(if) condition') ? arg(1) : p.args.length === 3 ? arg(2) : '';
    case 'equals':
    case 'not-equals': {
      // launch's quirk: an empty quoted argument ('') reaches EqualsSubstitution as an empty list, which it
      // turns into the text "[]" — so `$(equals '$(var x)' '')` is false even when x is empty.
      const side = (i: number) => (p.args[i]!.length === 0 ? '[]' : arg(i));
      const same = equalsText(side(0), side(1));
      return String(p.sub === 'equals' ? same : !same);
    }
    case 'not':
      return String(!substituteBool(p.args[0]!, ctx, where, '$(not)'));
    case 'and':
      return String(substituteBool(p.args[0]!, ctx, where, '$(and)') && substituteBool(p.args[1]!, ctx, where, '$(and)'));
    case 'or':
      return String(substituteBool(p.args[0]!, ctx, where, '$(or)') || substituteBool(p.args[1]!, ctx, where, '$(or)'));
    case 'any':
      return String(p.args.map((a) => substituteBool(a, ctx, where, '$(any)')).some(Boolean));
    case 'all':
      return String(p.args.map((a) => substituteBool(a, ctx, where, '$(all)')).every(Boolean));
    case 'param': {
      const name = arg(0);
      const found = ctx.globalParams.find(([n]) => n === name);
      if (found) return pyStr(found[1]);
      if (p.args.length === 2) return arg(1);
      return fail(`parameter '${name}' is not set by a <set_parameter> before this line`);
    }
    case 'log_dir':
    case 'launch_log_dir':
      return ctx.env.ROS_LOG_DIR ?? path.join(ctx.env.ROS_HOME ?? path.join(ctx.env.HOME ?? os.homedir(), '.ros'), 'log');
    default:
      return fail('unknown substitution');
  }
}

/** Condition values as launch reads if= and unless=: true/false/1/0, case-insensitive, surrounding spaces ignored. */
export function conditionValue(text: string, where: Where): boolean {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  throw new LaunchError(where, `condition must be true or false (or 1 or 0), got '${text}'`);
}

/** Share directories of packages: navstack itself (this repository) and, on ROS 2, AMENT_PREFIX_PATH. */
export function packageResolver(navstackRoot: string, env: Readonly<Record<string, string | undefined>>) {
  const prefixes = (env.AMENT_PREFIX_PATH ?? '').split(':').filter(Boolean);
  const prefixOf = (pkg: string): string | undefined => {
    for (const p of prefixes) {
      if (fs.existsSync(path.join(p, 'share', 'ament_index', 'resource_index', 'packages', pkg)) || fs.existsSync(path.join(p, 'share', pkg, 'package.xml'))) return p;
    }
    return undefined;
  };
  return {
    findPkgShare(pkg: string): string | undefined {
      if (pkg === 'navstack') return navstackRoot;
      const p = prefixOf(pkg);
      return p === undefined ? undefined : path.join(p, 'share', pkg);
    },
    findPkgPrefix(pkg: string): string | undefined {
      if (pkg === 'navstack') return navstackRoot;
      return prefixOf(pkg);
    },
    knownPackages(): string[] {
      const known = new Set(['navstack']);
      for (const p of prefixes) {
        try {
          for (const d of fs.readdirSync(path.join(p, 'share', 'ament_index', 'resource_index', 'packages'))) known.add(d);
        } catch {
          // a prefix without an ament index is skipped
        }
      }
      return [...known];
    },
  };
}
