// Evaluates a launch file as `ros2 launch` (launch + launch_ros, Jazzy) does: launch configurations that
// includes share with the file that includes them (only groups scope them), include arguments set in order,
// namespaces, set_parameter / set_remap in scope, conditions, timers, composable nodes. The result is what
// launch_ros would pass to each process and to each component container.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NameError, validateNodeName, type RemapRule } from '../names.ts';
import { composableParamsFromFile, evaluateGlobalParam, evaluateParamValue, type TypedParam } from './paramValues.ts';
import { loadLaunchFile, splitCmdline } from './parseLaunch.ts';
import { conditionValue, packageResolver, parseSubstitutions, substitute, substituteBool, type SubstitutionContext } from './substitutions.ts';
import { LaunchError, type ComposableNodeSpec, type Entity, type NodeSpec, type LaunchParamSpec, type Sub, type Where } from './types.ts';

/** One source of a node's parameters, in the order launch_ros passes them. */
export type ParamSource =
  /** set_parameter: `-p name:=value`, the value written as Python's str() */
  | { kind: 'rule'; name: string; value: TypedParam }
  /** a params file (`<param from>`, set_parameters_from_file, or the file allow_substs wrote) */
  | { kind: 'file'; file: string }
  /** a `<param name value>` (with nested ones): launch_ros writes it to a params file of its own */
  | { kind: 'inline'; params: [string, TypedParam][] };

interface Timed {
  /** Seconds after start (`<timer>`). */
  delay: number;
}

export interface NodeAction extends Where, Timed {
  kind: 'node';
  pkg?: string;
  exec: string;
  /** undefined: the executable's default node name */
  name?: string;
  /** Absolute; undefined when neither the node nor a pushed namespace gives one (no `__ns` remap). */
  namespace?: string;
  args: string[];
  rosArgs: string[];
  params: ParamSource[];
  /** set_remap rules in scope, then the node's own. */
  remaps: RemapRule[];
  /** Environment changes (undefined: unset) relative to the environment navstack started with. */
  env: Record<string, string | undefined>;
  /** For `<node_container>`: the composable nodes loaded into it. */
  composable?: ComposableLoad[];
}

/** A LoadNode request to a component container (composition_interfaces/srv/LoadNode). */
export interface ComposableLoad extends Where, Timed {
  kind: 'composable';
  /** The container's node name as the service is looked up: `<target>/_container/load_node`. */
  target: string;
  pkg: string;
  plugin: string;
  name: string;
  namespace?: string;
  remaps: RemapRule[];
  params: [string, TypedParam][];
  extraArgs: [string, TypedParam][];
}

export interface ProcessAction extends Where, Timed {
  kind: 'process';
  cmd: string[];
  shell: boolean;
  cwd?: string;
  name?: string;
  env: Record<string, string | undefined>;
}

export interface LogAction extends Where, Timed {
  kind: 'log';
  level: string;
  message: string;
}

export interface ShutdownAction extends Where, Timed {
  kind: 'shutdown';
  reason?: string;
}

export type Action = NodeAction | ComposableLoad | ProcessAction | LogAction | ShutdownAction;

export interface DeclaredArg extends Where {
  name: string;
  default?: string;
  description?: string;
  choices?: string[];
}

export interface EvaluatedLaunch {
  actions: Action[];
  /** Every argument declared by the file and its includes, as evaluated. */
  declaredArgs: DeclaredArg[];
  /** Command-line arguments no launch file declared (likely typos). */
  unusedArgs: string[];
  /** Things ros2 launch only warns about (a params file that does not exist, ...). */
  warnings: string[];
  /** Python launch files that were included and not evaluated (with `skipPythonIncludes`). */
  pythonIncludes: ({ path: string } & Where)[];
}

export interface EvaluateOptions {
  /** `name:=value` pairs from the command line. */
  args?: Record<string, string>;
  /** Where $(find-pkg-share navstack) points: the repository root. */
  navstackRoot: string;
  env?: NodeJS.ProcessEnv;
  /** Relative include paths are relative to this (ros2 launch: the working directory). */
  cwd?: string;
  /** Where params files written for allow_substs go (default: the OS temp dir). */
  tmpDir?: string;
  /** For --print: go on past an <include> of a Python launch file (with a warning) instead of failing. */
  skipPythonIncludes?: boolean;
}

type GlobalParam = { kind: 'rule'; name: string; value: TypedParam } | { kind: 'file'; file: string };

/** The launch context's state that groups push and pop (launch configurations and the environment). */
interface Scope {
  configs: Map<string, string>;
  namespace?: string;
  /** Shared with the enclosing scope once set, as launch's shallow copy of its configurations shares the list. */
  globalParams?: GlobalParam[];
  remaps?: RemapRule[];
  env: Record<string, string | undefined>;
}

function wrapNameError<T>(where: Where, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof NameError) throw new LaunchError(where, e.message);
    throw e;
  }
}

/** launch_ros's prefix_namespace + make_namespace_absolute. */
export function combineNamespace(base: string | undefined, ns: string | undefined): string | undefined {
  let combined: string | undefined;
  if (base === undefined && ns === undefined) return undefined;
  if (ns === undefined) combined = base;
  else if (!base || ns.startsWith('/')) combined = ns;
  else combined = `${base === '/' ? '' : base}/${ns}`;
  if (combined !== '/') combined = combined!.replace(/\/+$/, '');
  return combined!.startsWith('/') ? combined : `/${combined}`;
}

/** rclpy's validate_namespace. */
function validateNamespace(ns: string, where: Where): void {
  if (ns === '/') return;
  if (!/^\/[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/.test(ns)) {
    throw new LaunchError(where, `invalid namespace '${ns}': namespaces are /-separated names of letters, digits and _, each not starting with a digit, without // or a trailing /`);
  }
}

/** Reads a launch file and its includes, applying args, conditions, scopes and namespaces, as `ros2 launch` does. */
export function evaluateLaunch(file: string, options: EvaluateOptions): EvaluatedLaunch {
  return new Evaluation(options).run(path.resolve(options.cwd ?? process.cwd(), file));
}

class Evaluation {
  readonly actions: Action[] = [];
  readonly declaredArgs: DeclaredArg[] = [];
  readonly warnings: string[] = [];
  readonly pythonIncludes: ({ path: string } & Where)[] = [];
  readonly #pkgs;
  readonly #env0: Record<string, string | undefined>;
  /** $(dirname) and $(filename): an include sets them and nothing restores them, as in launch. */
  #currentFile = '';
  #delay = 0;
  #timers: { delay: number; entities: Entity[] }[] = [];

  constructor(readonly options: EvaluateOptions) {
    this.#env0 = { ...(options.env ?? process.env) };
    this.#pkgs = packageResolver(options.navstackRoot, this.#env0);
  }

  run(top: string): EvaluatedLaunch {
    const cliArgs = this.options.args ?? {};
    const desc = loadLaunchFile(top);
    this.#currentFile = top;
    const root: Scope = { configs: new Map(Object.entries(cliArgs)), env: { ...this.#env0 } };
    this.checkRequiredArgs(desc.entities, Object.keys(cliArgs), { file: top, line: 1 }, true);
    this.entities(desc.entities, root);
    // timers fire after everything else was visited, in the launch context as it is then
    while (this.#timers.length) {
      this.#timers.sort((a, b) => a.delay - b.delay);
      const t = this.#timers.shift()!;
      this.#delay = t.delay;
      this.entities(t.entities, root);
    }
    const declared = new Set(this.declaredArgs.map((a) => a.name));
    return { actions: this.actions, declaredArgs: this.declaredArgs, unusedArgs: Object.keys(cliArgs).filter((a) => !declared.has(a)), warnings: this.warnings, pythonIncludes: this.pythonIncludes };
  }

  ctx(s: Scope): SubstitutionContext {
    return {
      vars: s.configs,
      env: s.env,
      findPkgShare: this.#pkgs.findPkgShare,
      findPkgPrefix: this.#pkgs.findPkgPrefix,
      knownPackages: this.#pkgs.knownPackages,
      file: this.#currentFile,
      globalParams: (s.globalParams ?? []).filter((p): p is Extract<GlobalParam, { kind: 'rule' }> => p.kind === 'rule').map((p) => [p.name, p.value] as const),
    };
  }

  sub(t: Sub, s: Scope, w: Where): string {
    return substitute(t, this.ctx(s), w);
  }

  optSub(t: Sub | undefined, s: Scope, w: Where): string | undefined {
    return t === undefined ? undefined : this.sub(t, s, w);
  }

  active(e: { if?: Sub; unless?: Sub } & Where, s: Scope): boolean {
    if (e.if !== undefined && !conditionValue(this.sub(e.if, s, e), e)) return false;
    if (e.unless !== undefined && conditionValue(this.sub(e.unless, s, e), e)) return false;
    return true;
  }

  /** launch's best-effort check that an include gives the included file's required arguments. */
  checkRequiredArgs(entities: Entity[], given: string[], where: Where, topLevel: boolean): void {
    for (const e of entities) {
      if (e.kind !== 'arg' || e.default !== undefined || e.if !== undefined || e.unless !== undefined || given.includes(e.name)) continue;
      const what = `missing required argument '${e.name}'${e.description ? ` (${e.description})` : ''}`;
      if (topLevel) throw new LaunchError(e, `${what}: pass ${e.name}:=<value>`);
      throw new LaunchError(where, `${what} of the included file ${e.file}:${e.line}: give it with <arg name="${e.name}" value="..."/> inside this <include>${given.length ? ` (given: ${given.join(', ')})` : ''}`);
    }
  }

  entities(list: Entity[], s: Scope): void {
    for (const e of list) if (this.active(e, s)) this.entity(e, s);
  }

  entity(e: Entity, s: Scope): void {
    switch (e.kind) {
      case 'arg': {
        if (!s.configs.has(e.name)) {
          if (e.default === undefined) throw new LaunchError(e, `missing required argument '${e.name}'${e.description ? ` (${e.description})` : ''}: pass ${e.name}:=<value>`);
          s.configs.set(e.name, this.sub(e.default, s, e));
        }
        const value = s.configs.get(e.name)!;
        this.declaredArgs.push({ name: e.name, default: e.default === undefined ? undefined : value, description: e.description, choices: e.choices, file: e.file, line: e.line });
        if (e.choices && !e.choices.includes(value)) {
          throw new LaunchError(e, `argument '${e.name}' is '${value}', not one of its choices: ${e.choices.map((c) => `'${c}'`).join(', ')}`);
        }
        break;
      }
      case 'let':
        s.configs.set(this.sub(e.name, s, e), this.sub(e.value, s, e));
        break;
      case 'set-env':
        s.env[this.sub(e.name, s, e)] = this.sub(e.value, s, e);
        break;
      case 'unset-env':
        s.env[this.sub(e.name, s, e)] = undefined;
        break;
      case 'append-env': {
        const name = this.sub(e.name, s, e);
        const value = this.sub(e.value, s, e);
        const prepend = substituteBool(e.prepend, this.ctx(s), e, '<append_env prepend>');
        const sep = this.sub(e.separator, s, e);
        const old = s.env[name];
        s.env[name] = old ? (prepend ? value + sep + old : old + sep + value) : value;
        break;
      }
      case 'log':
        this.actions.push({ kind: 'log', level: e.level, message: this.sub(e.message, s, e), delay: this.#delay, file: e.file, line: e.line });
        break;
      case 'push-ros-namespace': {
        const ns = combineNamespace(s.namespace, this.sub(e.namespace, s, e))!;
        validateNamespace(ns, e);
        s.namespace = ns;
        break;
      }
      case 'set-parameter': {
        const name = this.sub(e.name, s, e);
        (s.globalParams ??= []).push({ kind: 'rule', name, value: evaluateGlobalParam(this.sub(e.value, s, e), name, e) });
        break;
      }
      case 'set-parameters-from-file':
        (s.globalParams ??= []).push({ kind: 'file', file: this.sub(e.filename, s, e) });
        break;
      case 'set-remap':
        (s.remaps ??= []).push({ from: this.sub(e.from, s, e), to: this.sub(e.to, s, e) });
        break;
      case 'set-use-sim-time':
        // launch_ros sets use_sim_time on launch's own node (for its ROS time), not on the nodes it starts
        substituteBool(e.value, this.ctx(s), e, '<set_use_sim_time value>');
        break;
      case 'group':
        this.group(e, s);
        break;
      case 'include':
        this.include(e, s);
        break;
      case 'timer': {
        const text = this.sub(e.period, s, e);
        const period = Number(text);
        if (text.trim() === '' || !Number.isFinite(period)) throw new LaunchError(e, `<timer period='${text}'>: the period is a number of seconds`);
        this.#timers.push({ delay: this.#delay + period, entities: e.children });
        break;
      }
      case 'shutdown':
        this.actions.push({ kind: 'shutdown', reason: this.optSub(e.reason, s, e), delay: this.#delay, file: e.file, line: e.line });
        break;
      case 'node':
        this.actions.push(this.node(e, e, s));
        break;
      case 'node-container': {
        const container = this.node(e, e, s);
        const target = combineNamespace(container.namespace, container.name!)!;
        container.composable = e.composableNodes.filter((c) => this.active(c, s)).map((c) => this.composable(c, target, s));
        this.actions.push(container);
        break;
      }
      case 'load-composable-node': {
        const target = this.sub(e.target, s, e);
        for (const c of e.composableNodes) if (this.active(c, s)) this.actions.push(this.composable(c, target, s));
        break;
      }
      case 'executable': {
        const env: Record<string, string | undefined> = this.envDelta(s);
        for (const v of e.env) env[this.sub(v.name, s, e)] = this.sub(v.value, s, e);
        if (e.args) throw new LaunchError(e, "<executable> has no attribute 'args' in ROS 2: put the arguments in cmd=");
        this.actions.push({
          kind: 'process',
          cmd: splitCmdline(e.cmd).map((a) => this.sub(a, s, e)),
          shell: e.shell,
          cwd: this.optSub(e.cwd, s, e),
          name: this.optSub(e.name, s, e),
          env,
          delay: this.#delay,
          file: e.file,
          line: e.line,
        });
        break;
      }
    }
  }

  group(e: Extract<Entity, { kind: 'group' }>, s: Scope): void {
    const keep = e.keep.map((k) => [this.sub(k.name, s, e), this.sub(k.value, s, e)] as const);
    if (!e.scoped) {
      for (const [k, v] of keep) s.configs.set(k, v);
      this.entities(e.children, s);
      return;
    }
    // PushLaunchConfigurations copies the configurations shallowly: lists set before the group are shared
    const inner: Scope = e.forwarding
      ? { ...s, configs: new Map([...s.configs, ...keep]), env: { ...s.env } }
      : { configs: new Map(keep), env: { ...this.#env0 } };
    this.entities(e.children, inner);
  }

  include(e: Extract<Entity, { kind: 'include' }>, s: Scope): void {
    const target = path.resolve(this.options.cwd ?? process.cwd(), this.sub(e.path, s, e));
    if (/\.py$/.test(target) && this.options.skipPythonIncludes) {
      this.pythonIncludes.push({ path: target, file: e.file, line: e.line });
      this.warnings.push(`${e.file}:${e.line}: <include> of a Python launch file (${target}) is not evaluated: Python launch files need ROS 2; what it starts is not shown`);
      return;
    }
    if (/\.py$/.test(target)) {
      throw new LaunchError(e, `<include> of a Python launch file (${target}): Python launch files need ROS 2 — run this file with \`ros2 launch\` on a ROS 2 machine (navstack launch reads XML and YAML launch files)`);
    }
    if (!fs.existsSync(target)) {
      const fileRelative = path.resolve(path.dirname(e.file), this.sub(e.path, s, e));
      const hint = fileRelative !== target && fs.existsSync(fileRelative) ? ` (a relative path is relative to the working directory, as in ros2 launch: write $(dirname)/${this.sub(e.path, s, e)})` : '';
      throw new LaunchError(e, `<include>: no launch file ${target}${hint}`);
    }
    let desc;
    try {
      desc = loadLaunchFile(target);
    } catch (err) {
      if (err instanceof LaunchError && err.where.line === 0) throw new LaunchError(e, `included file ${target}: ${err.message}`);
      throw err;
    }
    const names = e.args.map((a) => this.sub(a.name, s, e));
    this.checkRequiredArgs(desc.entities, names, e, false);
    // IncludeLaunchDescription sets its arguments one by one (a later one can use an earlier one), in the
    // launch configurations the included file shares with this one
    e.args.forEach((a, i) => s.configs.set(names[i]!, this.sub(a.value, s, e)));
    this.#currentFile = target;
    this.entities(desc.entities, s);
  }

  envDelta(s: Scope): Record<string, string | undefined> {
    const out: Record<string, string | undefined> = {};
    for (const k of new Set([...Object.keys(s.env), ...Object.keys(this.#env0)])) if (s.env[k] !== this.#env0[k]) out[k] = s.env[k];
    return out;
  }

  /** A node's params in launch order; a params file that does not exist is skipped with a warning (a node) or an error (a composable node, whose files launch_ros reads itself). */
  paramSources(specs: LaunchParamSpec[], s: Scope, composable = false): ParamSource[] {
    const out: ParamSource[] = [];
    for (const p of specs) {
      if (p.kind === 'dict') {
        const ctx = this.ctx(s);
        out.push({ kind: 'inline', params: p.entries.map((en) => {
          const name = en.name.map((n) => substitute(n, ctx, p)).join('.');
          return [name, evaluateParamValue(en.value, en.type, name, ctx, p)] as [string, TypedParam];
        }) });
        continue;
      }
      let file = this.sub(p.from, s, p);
      const allow = p.allowSubsts === undefined ? false : substituteBool(p.allowSubsts, this.ctx(s), p, "<param allow_substs>");
      if (allow) file = this.substitutedParamsFile(file, s, p);
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
        if (composable) throw new LaunchError(p, `params file ${file} does not exist (ros2 launch fails on it too: launch_ros reads a composable node's params files itself)`);
        this.warnings.push(`${p.file}:${p.line}: params file ${file} does not exist; ros2 launch skips it with a warning, and so does navstack`);
        continue;
      }
      out.push({ kind: 'file', file: path.resolve(file) });
    }
    return out;
  }

  /** `<param from allow_substs="true">`: the file's text with substitutions evaluated, written to a new file, as launch_ros does. */
  substitutedParamsFile(file: string, s: Scope, where: Where): string {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new LaunchError(where, `params file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const out = substitute(parseSubstitutions(text, { file, line: 1 }), this.ctx(s), where);
    const dir = fs.mkdtempSync(path.join(this.options.tmpDir ?? os.tmpdir(), 'navstack_launch_params_'));
    const target = path.join(dir, path.basename(file));
    fs.writeFileSync(target, out);
    return target;
  }

  node(n: NodeSpec, w: Where, s: Scope): NodeAction {
    const name = this.optSub(n.name, s, w);
    if (name !== undefined) wrapNameError(w, () => validateNodeName(name));
    const namespace = combineNamespace(s.namespace, this.optSub(n.namespace, s, w));
    if (namespace !== undefined) validateNamespace(namespace, w);
    const params: ParamSource[] = [];
    for (const g of s.globalParams ?? []) {
      if (g.kind === 'rule') params.push(g);
      else if (!fs.existsSync(g.file)) throw new LaunchError(w, `params file ${g.file} (from set_parameters_from_file) does not exist`);
      else params.push({ kind: 'file', file: path.resolve(g.file) });
    }
    params.push(...this.paramSources(n.params, s));
    const env = this.envDelta(s);
    for (const v of n.env) env[this.sub(v.name, s, w)] = this.sub(v.value, s, w);
    return {
      kind: 'node',
      pkg: this.optSub(n.pkg, s, w),
      exec: this.sub(n.exec, s, w),
      ...(name !== undefined ? { name } : {}),
      ...(namespace !== undefined ? { namespace } : {}),
      args: n.args === undefined ? [] : splitCmdline(n.args).map((a) => this.sub(a, s, w)),
      rosArgs: n.rosArgs === undefined ? [] : splitCmdline(n.rosArgs).map((a) => this.sub(a, s, w)),
      params,
      remaps: [...(s.remaps ?? []), ...n.remaps.map((r) => ({ from: this.sub(r.from, s, w), to: this.sub(r.to, s, w) }))],
      env,
      delay: this.#delay,
      file: w.file,
      line: w.line,
    };
  }

  composable(c: ComposableNodeSpec, target: string, s: Scope): ComposableLoad {
    const name = this.sub(c.name, s, c);
    const namespace = combineNamespace(s.namespace, this.optSub(c.namespace, s, c));
    const nodeKey = namespace && namespace !== '/' ? `${namespace.replace(/^\/+|\/+$/g, '')}/${name.replace(/^\/+/, '')}` : name.replace(/^\/+/, '');
    const params: [string, TypedParam][] = [];
    const sources: ParamSource[] = [...(s.globalParams ?? []).map((g) => (g.kind === 'file' ? { kind: 'file' as const, file: g.file } : g)), ...this.paramSources(c.params, s, true)];
    // launch_ros sends the previous source's parameters again for a file that gives this node none
    let last: [string, TypedParam][] = [];
    for (const src of sources) {
      if (src.kind === 'rule') last = [[src.name, src.value]];
      else if (src.kind === 'inline') last = src.params;
      else last = composableParamsFromFile(src.file, nodeKey, c) ?? last;
      params.push(...last);
    }
    const ctx = this.ctx(s);
    return {
      kind: 'composable',
      target,
      pkg: this.sub(c.pkg, s, c),
      plugin: this.sub(c.plugin, s, c),
      name,
      ...(namespace !== undefined ? { namespace } : {}),
      remaps: [...(s.remaps ?? []), ...c.remaps.map((r) => ({ from: this.sub(r.from, s, c), to: this.sub(r.to, s, c) }))],
      params,
      extraArgs: c.extraArgs.map((x) => {
        const n = substitute(x.name, ctx, c);
        return [n, evaluateGlobalParam(substitute(x.value, ctx, c), n, c)] as [string, TypedParam];
      }),
      delay: this.#delay,
      file: c.file,
      line: c.line,
    };
  }
}
