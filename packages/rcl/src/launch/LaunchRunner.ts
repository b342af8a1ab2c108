import { spawn, type ChildProcess } from 'node:child_process';
import type { Context, Executable, Node, RunningNode } from '../interfaces.ts';
import { createLogger } from '../logger.ts';
import { loadParamsFile, paramsForNode, type ParamsBlock, type ParamValue } from '../params.ts';
import type { EvaluatedLaunch, NodeAction, NodeParamSource } from './evaluate.ts';
import { LaunchError } from './types.ts';

export interface StartedNode {
  action: NodeAction;
  executable: Executable;
  node: Node;
  running: RunningNode;
}

export interface RunningLaunch {
  nodes: StartedNode[];
  processes: ChildProcess[];
  /** Stops nodes in reverse start order, then processes. */
  stop(): Promise<void>;
}

export function findExecutable(executables: readonly Executable[], pkg: string, exec: string): Executable | undefined {
  return executables.find((e) => e.pkg === pkg && e.exec === exec);
}

export function listExecutables(executables: readonly Executable[]): string {
  return executables.map((e) => `${e.pkg}/${e.exec}`).join(', ');
}

/** The parameter overrides a node gets: params files matched against its fully-qualified name, then inline values; later wins. */
export function resolveNodeParams(sources: readonly NodeParamSource[], fqNodeName: string, cache = new Map<string, ParamsBlock[]>()): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const s of sources) {
    if ('file' in s) {
      let blocks = cache.get(s.file);
      if (!blocks) {
        blocks = loadParamsFile(s.file);
        cache.set(s.file, blocks);
      }
      Object.assign(out, paramsForNode(blocks, fqNodeName));
    } else out[s.name] = s.value;
  }
  return out;
}

function fq(namespace: string, name: string): string {
  return namespace === '/' ? `/${name}` : `${namespace}/${name}`;
}

/** Starts a launch's nodes as composable nodes in one context; a node that fails to start stops the ones before it. */
export async function startLaunch(launch: EvaluatedLaunch, ctx: Context, executables: readonly Executable[]): Promise<RunningLaunch> {
  const log = createLogger('launch');
  const started: StartedNode[] = [];
  const processes: ChildProcess[] = [];
  const cache = new Map<string, ParamsBlock[]>();

  const stop = async () => {
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

  // Check everything before starting anything: unknown executables and bad params files fail fast.
  const plan = launch.actions.map((a) => {
    if (a.kind !== 'node') return { a };
    const exe = findExecutable(executables, a.pkg, a.exec);
    if (!exe) throw new LaunchError(a, `no executable '${a.exec}' in package '${a.pkg}' (navstack has: ${listExecutables(executables)})`);
    const name = a.name ?? exe.defaultNodeName;
    let params: Record<string, ParamValue>;
    try {
      params = resolveNodeParams(a.params, fq(a.namespace, name), cache);
    } catch (e) {
      throw new LaunchError(a, (e as Error).message);
    }
    return { a, exe, name, params };
  });

  try {
    for (const step of plan) {
      const a = step.a;
      if (a.kind === 'log') log.info(a.message);
      else if (a.kind === 'process') processes.push(startProcess(a.cmd, a.cwd, a.env, a.name ?? a.cmd.split(/\s+/)[0]!, log));
      else {
        const { exe, name, params } = step as Required<typeof step>;
        let node: Node;
        try {
          node = ctx.createNode(name, { namespace: a.namespace, parameterOverrides: params, remappings: a.remaps });
        } catch (e) {
          throw new LaunchError(a, `cannot create node '${name}': ${(e as Error).message}`);
        }
        let running: RunningNode;
        try {
          running = await exe.start(node);
        } catch (e) {
          node.destroy();
          throw new LaunchError(a, `node ${node.fullyQualifiedName} (${a.pkg}/${a.exec}) failed to start: ${(e as Error).message}`);
        }
        started.push({ action: a, executable: exe, node, running });
        const unused = Object.keys(params).filter((k) => !node.hasParameter(k));
        if (unused.length) node.getLogger().warn(`parameters given but not declared by ${a.pkg}/${a.exec} (typo?): ${unused.join(', ')}`);
      }
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { nodes: started, processes, stop };
}

function startProcess(cmd: string, cwd: string | undefined, env: Record<string, string>, name: string, log: ReturnType<typeof createLogger>): ChildProcess {
  const child = spawn(cmd, { cwd, env: { ...process.env, ...env }, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((l) => `[${name}] ${l}\n`)
      .join('');
  child.stdout?.on('data', (c: Buffer) => process.stdout.write(prefix(c)));
  child.stderr?.on('data', (c: Buffer) => process.stderr.write(prefix(c)));
  child.on('exit', (code, signal) => {
    if (code === 127) log.error(`process '${name}' not found: '${cmd}' (is it installed and on PATH?)`);
    else if (code !== 0 && signal === null) log.error(`process '${name}' exited with code ${code}`);
  });
  return child;
}
