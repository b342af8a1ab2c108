import path from 'node:path';
import { joinNamespace, NameError, type RemapRule } from '../names.ts';
import { parseParamText, type ParamValue } from '../params.ts';
import { loadLaunchFile } from './parseLaunch.ts';
import { conditionValue, packageResolver, substitute, type SubstitutionContext } from './substitutions.ts';
import { LaunchError, type Entity, type Where } from './types.ts';

export type NodeParamSource = { file: string } | { name: string; value: ParamValue };

/** A node to start, with everything resolved: what `ros2 launch` would pass on its command line. */
export interface NodeAction extends Where {
  kind: 'node';
  pkg: string;
  exec: string;
  /** undefined: the executable's default node name */
  name?: string;
  namespace: string;
  /** In order: set_parameter values, then the node's params (files and inline), later entries winning. */
  params: NodeParamSource[];
  remaps: RemapRule[];
  env: Record<string, string>;
}

export interface ProcessAction extends Where {
  kind: 'process';
  cmd: string;
  cwd?: string;
  name?: string;
  env: Record<string, string>;
}

export interface LogAction extends Where {
  kind: 'log';
  message: string;
}

export type Action = NodeAction | ProcessAction | LogAction;

export interface DeclaredArg {
  name: string;
  default?: string;
  description?: string;
  file: string;
}

export interface EvaluatedLaunch {
  actions: Action[];
  /** Every argument declared by the file and its includes. */
  declaredArgs: DeclaredArg[];
  /** Command-line arguments no launch file declared (likely typos). */
  unusedArgs: string[];
}

interface State {
  vars: Map<string, string>;
  namespace: string;
  globalParams: { name: string; value: ParamValue }[];
  env: Record<string, string>;
  file: string;
  includeDepth: number;
}

export interface EvaluateOptions {
  /** `name:=value` pairs from the command line. */
  args?: Record<string, string>;
  /** Where $(find-pkg-share navstack) points: the repository root. */
  navstackRoot: string;
  env?: NodeJS.ProcessEnv;
}

/** Reads a launch file and its includes, applying args, conditions, scopes and namespaces, as `ros2 launch` does. */
export function evaluateLaunch(file: string, options: EvaluateOptions): EvaluatedLaunch {
  const env = options.env ?? process.env;
  const pkgs = packageResolver(options.navstackRoot, env);
  const actions: Action[] = [];
  const declaredArgs: DeclaredArg[] = [];
  const cliArgs = options.args ?? {};

  const subCtx = (s: State): SubstitutionContext => ({ vars: s.vars, env: { ...env, ...s.env }, findPkgShare: pkgs.findPkgShare, knownPackages: pkgs.knownPackages, file: s.file });
  const sub = (text: string, s: State, w: Where) => substitute(text, subCtx(s), w);
  const active = (e: Entity, s: State): boolean => {
    if (e.if !== undefined && !conditionValue(sub(e.if, s, e), e)) return false;
    if (e.unless !== undefined && conditionValue(sub(e.unless, s, e), e)) return false;
    return true;
  };

  const run = (entities: Entity[], s: State): void => {
    for (const e of entities) {
      if (!active(e, s)) continue;
      switch (e.kind) {
        case 'arg': {
          declaredArgs.push({ name: e.name, default: e.default, description: e.description, file: e.file });
          if (!s.vars.has(e.name)) {
            if (e.default === undefined) {
              throw new LaunchError(e, `missing required argument '${e.name}'${e.description ? ` (${e.description})` : ''}: pass ${e.name}:=<value>`);
            }
            s.vars.set(e.name, sub(e.default, s, e));
          }
          break;
        }
        case 'let':
          s.vars.set(e.name, sub(e.value, s, e));
          break;
        case 'set-env':
          s.env[e.name] = sub(e.value, s, e);
          break;
        case 'log':
          actions.push({ kind: 'log', message: sub(e.message, s, e), file: e.file, line: e.line });
          break;
        case 'push-ros-namespace':
          try {
            s.namespace = joinNamespace(s.namespace, sub(e.namespace, s, e));
          } catch (err) {
            if (err instanceof NameError) throw new LaunchError(e, err.message);
            throw err;
          }
          break;
        case 'set-parameter':
          s.globalParams.push({ name: e.name, value: parseParamText(sub(e.value, s, e)) });
          break;
        case 'group': {
          if (e.scoped) run(e.children, { ...s, vars: new Map(s.vars), globalParams: [...s.globalParams], env: { ...s.env } });
          else run(e.children, s);
          break;
        }
        case 'include': {
          if (s.includeDepth > 20) throw new LaunchError(e, 'includes nested more than 20 deep (an include cycle?)');
          const target = path.resolve(path.dirname(s.file), sub(e.path, s, e));
          const inner: State = { ...s, vars: new Map(s.vars), globalParams: [...s.globalParams], env: { ...s.env }, file: target, includeDepth: s.includeDepth + 1 };
          for (const a of e.args) inner.vars.set(a.name, sub(a.value, s, e));
          let desc;
          try {
            desc = loadLaunchFile(target);
          } catch (err) {
            if (err instanceof LaunchError && err.where.line === 0) throw new LaunchError(e, `included file ${target}: ${err.message}`);
            throw err;
          }
          run(desc.entities, inner);
          break;
        }
        case 'node': {
          let namespace: string;
          try {
            namespace = joinNamespace(s.namespace, e.namespace === undefined ? undefined : sub(e.namespace, s, e));
          } catch (err) {
            if (err instanceof NameError) throw new LaunchError(e, err.message);
            throw err;
          }
          const params: NodeParamSource[] = [...s.globalParams];
          for (const p of e.params) {
            if ('from' in p) params.push({ file: path.resolve(path.dirname(s.file), sub(p.from, s, p)) });
            else params.push({ name: p.name, value: parseParamText(sub(p.value, s, p)) });
          }
          actions.push({
            kind: 'node',
            pkg: sub(e.pkg, s, e),
            exec: sub(e.exec, s, e),
            name: e.name === undefined ? undefined : sub(e.name, s, e),
            namespace,
            params,
            remaps: e.remaps.map((r) => ({ from: sub(r.from, s, e), to: sub(r.to, s, e) })),
            env: { ...s.env },
            file: e.file,
            line: e.line,
          });
          break;
        }
        case 'executable':
          actions.push({ kind: 'process', cmd: sub(e.cmd, s, e), cwd: e.cwd === undefined ? undefined : sub(e.cwd, s, e), name: e.name, env: { ...s.env }, file: e.file, line: e.line });
          break;
      }
    }
  };

  const top = path.resolve(file);
  const desc = loadLaunchFile(top);
  run(desc.entities, { vars: new Map(Object.entries(cliArgs)), namespace: '/', globalParams: [], env: {}, file: top, includeDepth: 0 });
  const declared = new Set(declaredArgs.map((a) => a.name));
  return { actions, declaredArgs, unusedArgs: Object.keys(cliArgs).filter((a) => !declared.has(a)) };
}
