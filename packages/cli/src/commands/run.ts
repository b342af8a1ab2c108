import { init, loadParamsFile, paramsForNode, parseRosArgs, setLogLevel, type Executable, type LogLevel, type ParamValue } from '@navstack/rcl';
import { CommandError, UsageError } from '../errors.ts';
import { untilShutdown } from '../signals.ts';

export const runHelp = `usage: navstack run PKG EXEC [--backend local|ros2] [--ros-args ...]

Runs one node, as \`ros2 run\` does; ROS arguments (-r from:=to, -r __node:=name, -r __ns:=/ns,
-p name:=value, --params-file FILE, --log-level L) are read as rcl reads them. This is what the
ROS 2 package's executables call, so \`ros2 launch\` starts navstack nodes with --backend ros2.`;

export async function runCommand(argv: string[], executables: readonly Executable[]): Promise<number> {
  let parsed;
  try {
    parsed = parseRosArgs(argv);
  } catch (e) {
    throw new UsageError(`run: ${(e as Error).message}`);
  }
  const rest = [...parsed.rest];
  let backend: 'local' | 'ros2' = 'local';
  const bi = rest.indexOf('--backend');
  if (bi >= 0) {
    const b = rest[bi + 1];
    if (b !== 'local' && b !== 'ros2') throw new UsageError(`run: --backend must be local or ros2, got '${b ?? ''}'`);
    backend = b;
    rest.splice(bi, 2);
  }
  const [pkg, exec, ...extra] = rest;
  if (!pkg || !exec) throw new UsageError('run: which node? (navstack run navstack sim_node)');
  if (extra.length) throw new UsageError(`run: unexpected arguments ${extra.join(' ')}`);
  const exe = executables.find((e) => e.pkg === pkg && e.exec === exec);
  if (!exe) throw new UsageError(`run: no executable '${exec}' in package '${pkg}' (navstack has: ${executables.map((e) => `${e.pkg}/${e.exec}`).join(', ')})`);
  if (parsed.logLevel) setLogLevel(parsed.logLevel.toLowerCase() as LogLevel);

  const name = parsed.nodeName ?? exe.defaultNodeName;
  const namespace = parsed.namespace ?? '/';
  const fq = namespace === '/' ? `/${name}` : `${namespace}/${name}`;
  const params: Record<string, ParamValue> = {};
  for (const p of parsed.params) Object.assign(params, 'file' in p ? paramsForNode(loadParamsFile(p.file), fq) : { [p.name]: p.value });

  const ctx = await init({ backend, rosArgs: backend === 'ros2' ? argv.slice(argv.indexOf('--ros-args')) : [] });
  const node = ctx.createNode(name, { namespace, parameterOverrides: params, remappings: parsed.remaps });
  let running;
  try {
    await ctx.assertUniqueName?.(node);
    running = await exe.start(node);
  } catch (e) {
    await ctx.shutdown();
    throw new CommandError(`node ${node.fullyQualifiedName} (${pkg}/${exec}) did not start: ${(e as Error).message}`);
  }
  await untilShutdown(ctx.shutdownPromise);
  await running.stop();
  node.destroy();
  await ctx.shutdown();
  return 0;
}
