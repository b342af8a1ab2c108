import { spawn, type ChildProcess } from 'node:child_process';
import type { Context, Executable, Node, RunningNode } from '../interfaces.ts';
import { createLogger } from '../logger.ts';
import type { RemapRule } from '../names.ts';
import { loadParamsFile, paramsForNode, type ParamsBlock, type ParamValue } from '../params.ts';
import type { Action, ComposableLoad, EvaluatedLaunch, NodeAction, ParamSource, ProcessAction } from './evaluate.ts';
import { PyFloat } from './substitutions/pyValue.ts';
import type { TypedParam } from './paramValues.ts';
import { LaunchError } from './types.ts';

export interface StartedNode {
  action: NodeAction | ComposableLoad;
  executable: Executable;
  node: Node;
  running: RunningNode;
}

export interface RunningLaunch {
  nodes: StartedNode[];
  processes: ChildProcess[];
  /** Stops nodes in reverse start order, then processes; cancels timers that have not fired. */
  stop(): Promise<void>;
}

/** Component containers of rclcpp_components: on the local backend every node already shares one process, so a container only hosts. */
const CONTAINERS = new Set(['component_container', 'component_container_mt', 'component_container_isolated']);

export function findExecutable(executables: readonly Executable[], pkg: string | undefined, exec: string): Executable | undefined {
  return executables.find((e) => e.pkg === pkg && e.exec === exec);
}

/** A navstack node as a composable node: plugin="navstack::EXEC" (or just EXEC). */
function findComponent(executables: readonly Executable[], pkg: string, plugin: string): Executable | undefined {
  return executables.find((e) => e.pkg === pkg && (plugin === e.exec || plugin === `${e.pkg}::${e.exec}`));
}

export function listExecutables(executables: readonly Executable[]): string {
  return executables.map((e) => `${e.pkg}/${e.exec}`).join(', ');
}

function toParamValue(v: TypedParam): ParamValue {
  if (Array.isArray(v)) return v.map((x) => (x instanceof PyFloat ? x.value : x)) as ParamValue;
  return v instanceof PyFloat ? v.value : v;
}

/** The parameter overrides a node gets: its sources in launch order (params files matched on its full name), later winning. */
export function resolveNodeParams(sources: readonly ParamSource[], fqNodeName: string, cache = new Map<string, ParamsBlock[]>()): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const s of sources) {
    if (s.kind === 'file') {
      let blocks = cache.get(s.file);
      if (!blocks) {
        blocks = loadParamsFile(s.file);
        cache.set(s.file, blocks);
      }
      Object.assign(out, paramsForNode(blocks, fqNodeName));
    } else if (s.kind === 'rule') out[s.name] = toParamValue(s.value);
    else for (const [n, v] of s.params) out[n] = toParamValue(v);
  }
  return out;
}

function fq(namespace: string, name: string): string {
  return namespace === '/' ? `/${name}` : `${namespace}/${name}`;
}

interface Planned {
  action: NodeAction | ComposableLoad;
  exe: Executable;
  name: string;
  namespace: string;
  params: Record<string, ParamValue>;
  remaps: RemapRule[];
}

type Step = { delay: number; run: () => Promise<void> | void };

/**
 * Starts a launch's nodes in one context: navstack's executables as composable nodes, `<node_container>`s
 * of rclcpp_components as hosts for navstack components, other processes as child processes. Everything is
 * checked before anything starts; a node that fails to start stops the ones before it.
 */
export async function startLaunch(launch: EvaluatedLaunch, ctx: Context, executables: readonly Executable[]): Promise<RunningLaunch> {
  const log = createLogger('launch');
  const started: StartedNode[] = [];
  const processes: ChildProcess[] = [];
  const timers: NodeJS.Timeout[] = [];
  const cache = new Map<string, ParamsBlock[]>();

  const stop = async () => {
    for (const t of timers) clearTimeout(t);
    timers.length = 0;
    for (const s of [...started].reverse()) {
      try {
        await s.running.stop();
      } catch (e) {
        log.error(`stopping ${s.node.fullyQualifiedName}: ${(e as Error).message}`);
      }
      s.node.destroy();
    }
    started.length = 0;
    for (const p of processes) if (p.exitCode === null) p.kill('SIGINT');
  };

  const plan = (action: NodeAction | ComposableLoad, exe: Executable, name: string, namespace: string): Planned => {
    let params: Record<string, ParamValue>;
    try {
      params = action.kind === 'node' ? resolveNodeParams(action.params, fq(namespace, name), cache) : Object.fromEntries(action.params.map(([n, v]) => [n, toParamValue(v)]));
    } catch (e) {
      throw new LaunchError(action, (e as Error).message);
    }
    return { action, exe, name, namespace, params, remaps: action.remaps };
  };

  // Check everything before starting anything: unknown executables, components and bad params files fail fast.
  const containers = new Set<string>();
  for (const a of launch.actions) if (a.kind === 'node' && a.composable !== undefined && CONTAINERS.has(a.exec)) containers.add(fq(a.namespace ?? '/', a.name!));
  const component = (c: ComposableLoad): Planned => {
    const target = c.target.startsWith('/') ? c.target : `/${c.target}`;
    if (!containers.has(target)) throw new LaunchError(c, `no component container '${target}' in this launch (containers: ${[...containers].join(', ') || 'none'}); declare it with <node_container pkg="rclcpp_components" exec="component_container" name=... namespace=...>`);
    const exe = findComponent(executables, c.pkg, c.plugin);
    if (!exe) throw new LaunchError(c, `composable node ${c.pkg}/${c.plugin} is not a navstack component: on the local backend navstack runs its own executables as components (plugin="navstack::EXEC"; navstack has: ${listExecutables(executables)}); other components need ROS 2 (\`ros2 launch\`)`);
    return plan(c, exe, c.name, c.namespace ?? '/');
  };
  const steps: Step[] = [];
  const startOne = (p: Planned) => async () => {
    const a = p.action;
    let node: Node;
    try {
      node = ctx.createNode(p.name, { namespace: p.namespace, parameterOverrides: p.params, remappings: p.remaps });
    } catch (e) {
      throw new LaunchError(a, `cannot create node '${p.name}': ${(e as Error).message}`);
    }
    let running: RunningNode;
    try {
      running = await p.exe.start(node);
    } catch (e) {
      node.destroy();
      throw new LaunchError(a, `node ${node.fullyQualifiedName} (${p.exe.pkg}/${p.exe.exec}) failed to start: ${(e as Error).message}`);
    }
    started.push({ action: a, executable: p.exe, node, running });
    const unused = Object.keys(p.params).filter((k) => !node.hasParameter(k));
    if (unused.length) node.getLogger().warn(`parameters given but not declared by ${p.exe.pkg}/${p.exe.exec} (typo?): ${unused.join(', ')}`);
  };
  for (const w of launch.warnings) log.warn(w);
  for (const a of launch.actions) steps.push(...stepsFor(a));

  function stepsFor(a: Action): Step[] {
    switch (a.kind) {
      case 'log':
        return [{ delay: a.delay, run: () => log.info(a.message) }];
      case 'shutdown':
        return [{ delay: a.delay, run: () => log.info(`shutdown requested by ${a.file}:${a.line}${a.reason ? `: ${a.reason}` : ''} (navstack launch stops on Ctrl-C)`) }];
      case 'process':
        return [{ delay: a.delay, run: () => void processes.push(startProcess(a, log)) }];
      case 'composable':
        return [{ delay: a.delay, run: startOne(component(a)) }];
      case 'node': {
        if (a.composable !== undefined && CONTAINERS.has(a.exec)) return a.composable.map((c) => ({ delay: Math.max(a.delay, c.delay), run: startOne(component(c)) }));
        const exe = findExecutable(executables, a.pkg, a.exec);
        if (!exe) throw new LaunchError(a, `no executable '${a.exec}' in package '${a.pkg ?? '(none)'}' (navstack has: ${listExecutables(executables)}); nodes of other packages need ROS 2 (\`ros2 launch\`)`);
        return [{ delay: a.delay, run: startOne(plan(a, exe, a.name ?? exe.defaultNodeName, a.namespace ?? '/')) }];
      }
    }
  }

  try {
    for (const s of steps.filter((x) => x.delay === 0)) await s.run();
  } catch (e) {
    await stop();
    throw e;
  }
  for (const s of steps.filter((x) => x.delay > 0)) {
    timers.push(
      setTimeout(() => {
        Promise.resolve(s.run()).catch((e: Error) => log.error(e.message));
      }, s.delay * 1000),
    );
  }
  return { nodes: started, processes, stop };
}

function startProcess(a: ProcessAction, log: ReturnType<typeof createLogger>): ChildProcess {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...a.env })) if (v !== undefined) env[k] = v;
  const name = a.name ?? a.cmd[0] ?? 'process';
  const child = a.shell ? spawn(a.cmd.join(' '), { cwd: a.cwd, env, shell: true, stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(a.cmd[0]!, a.cmd.slice(1), { cwd: a.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((l) => `[${name}] ${l}\n`)
      .join('');
  child.stdout?.on('data', (c: Buffer) => process.stdout.write(prefix(c)));
  child.stderr?.on('data', (c: Buffer) => process.stderr.write(prefix(c)));
  child.on('error', (e: NodeJS.ErrnoException) => log.error(`${a.file}:${a.line}: process '${name}' could not start: ${e.code === 'ENOENT' ? `'${a.cmd[0]}' not found (is it installed and on PATH?)` : e.message}`));
  child.on('exit', (code, signal) => {
    if (code === 127) log.error(`process '${name}' not found: '${a.cmd.join(' ')}' (is it installed and on PATH?)`);
    else if (code !== 0 && signal === null) log.error(`process '${name}' exited with code ${code}`);
  });
  return child;
}

