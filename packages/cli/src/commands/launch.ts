import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { evaluateLaunch, init, listLaunchArgs, printLaunch, setLogLevel, startLaunch, type Executable, type LogLevel } from '@navstack/rcl';
import { UsageError } from '../errors.ts';
import { parseOptions } from '../options.ts';
import { NAVSTACK_ROOT } from '../paths.ts';
import { withLoaded } from '../registry.ts';
import { untilShutdown } from '../signals.ts';

export const launchHelp = `usage: navstack launch [PKG] FILE [name:=value ...] [options]

Starts the nodes of a ROS 2 launch file (XML or YAML) as composable nodes in one process.
The same files run with \`ros2 launch navstack FILE\` on a ROS 2 machine.

  PKG FILE         a launch file inside a package's launch/ folder (e.g. navstack sim.launch.xml)
  FILE             a path to a launch file
  name:=value      launch arguments
  --show-args      list the arguments of the file and its includes, and exit (works with a required
                   argument unset or a package missing)
  --print          print what ros2 launch would start, and exit: each process with the arguments
                   launch_ros passes it (a <param> as -p name:=value, typed as launch_ros types it,
                   where ros2 launch writes it into a temporary params file), and each composable
                   node's load request to its container. Needs no ROS 2 and none of the packages
  --backend B      local (default: the embedded in-process bus) or ros2 (rclnodejs; needs a sourced ROS 2)
  --log-level L    debug, info, warn, error (default info)`;

const Options = z.object({
  'show-args': z.boolean().default(false),
  print: z.boolean().default(false),
  backend: z.enum(['local', 'ros2']).default('local'),
  'log-level': z.enum(['debug', 'info', 'warn', 'error', 'fatal']).default('info'),
});

function locateFile(positionals: string[]): { file: string; args: Record<string, string> } {
  const args: Record<string, string> = {};
  const rest: string[] = [];
  for (const p of positionals) {
    const k = p.indexOf(':=');
    if (k > 0) args[p.slice(0, k)] = p.slice(k + 2);
    else rest.push(p);
  }
  if (rest.length === 0) throw new UsageError('launch: which launch file? (e.g. navstack launch launch/sim.launch.xml)');
  if (rest.length > 2) throw new UsageError(`launch: unexpected arguments ${rest.slice(2).join(' ')} (launch arguments are written name:=value)`);
  let file: string;
  if (rest.length === 2) {
    if (rest[0] !== 'navstack') throw new UsageError(`launch: package '${rest[0]}' is not known here; pass a path to the launch file instead`);
    file = path.join(NAVSTACK_ROOT, 'launch', rest[1]!);
  } else file = path.resolve(rest[0]!);
  if (!fs.existsSync(file)) {
    const dir = path.join(NAVSTACK_ROOT, 'launch');
    const known = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.launch\.(xml|ya?ml)$/.test(f)) : [];
    throw new UsageError(`launch: no such file ${file} (navstack's launch files: ${known.join(', ') || 'none'})`);
  }
  return { file, args };
}

export async function launchCommand(argv: string[], executables: readonly Executable[]): Promise<number> {
  const { values, positionals } = parseOptions('launch', argv, { 'show-args': { type: 'boolean' }, print: { type: 'boolean' }, backend: { type: 'string' }, 'log-level': { type: 'string' } }, Options, true);
  setLogLevel(values['log-level'] as LogLevel);
  const { file, args } = locateFile(positionals);
  if (values['show-args']) {
    const listed = listLaunchArgs(file, { navstackRoot: NAVSTACK_ROOT, args });
    const seen = new Set<string>();
    for (const a of listed.args) {
      if (seen.has(a.name)) continue;
      seen.add(a.name);
      const where = `${path.relative(process.cwd(), a.file) || a.file}:${a.line}`;
      // as ros2 launch --show-args writes them (choices as launch's DeclareLaunchArgument words them)
      const list = a.choices ? `[${a.choices.map((c) => `'${c}'`).join(', ')}]` : '';
      const description = a.description === undefined ? (a.choices ? `One of: ${list}` : 'no description given') : `${a.description}${a.choices ? ` Valid choices are: ${list}` : ''}`;
      console.log(`'${a.name}':\n    ${description}\n    (default: ${a.default === undefined ? 'none, required' : `'${a.default}'`})\n    declared at ${where}${a.conditional ? ' (inside a group or under a condition)' : ''}`);
    }
    for (const s of listed.skipped) console.log(`note: ${s}`);
    return 0;
  }
  // --print goes on past a Python include (saying so): what it can show is still what ros2 launch runs
  const launch = evaluateLaunch(file, { navstackRoot: NAVSTACK_ROOT, args, skipPythonIncludes: values.print });
  for (const u of launch.unusedArgs) console.error(`navstack launch: warning: argument '${u}' is not declared by ${path.basename(file)} or its includes`);
  if (values.print) {
    for (const w of launch.warnings) console.error(`navstack launch: warning: ${w}`);
    for (const line of printLaunch(launch.actions)) console.log(line);
    return 0;
  }

  const ctx = await init({ backend: values.backend });
  const running = await startLaunch(launch, ctx, await withLoaded(executables, launch.actions.flatMap((a) => (a.kind === 'node' ? [a.exec] : []))));
  console.log(`navstack: started ${running.nodes.length} nodes from ${path.relative(process.cwd(), file) || file}: ${running.nodes.map((n) => n.node.fullyQualifiedName).join(', ')}`);
  for (const n of running.nodes) {
    // The bridge package is loaded already when a rosbridge_server runs (the CLI loads packages lazily).
    const bridge = n.executable.exec === 'rosbridge_server' ? (await import('@navstack/bridge')).runningBridgeOf(n.node) : undefined;
    if (bridge?.viewerUrl) {
      // The token in the URL is what lets this browser drive; pages from other sites get nothing.
      console.log(`navstack: viewer at ${bridge.viewerUrl} (rosbridge on ${bridge.wsUrl})`);
      if (bridge.remote) console.log(`navstack: the viewer is served to the network: open that URL on another machine; without the token it is read-only`);
    }
  }
  console.log('navstack: press Ctrl-C to stop');
  await untilShutdown(ctx.shutdownPromise);
  console.log('navstack: shutting down');
  await running.stop();
  await ctx.shutdown();
  return 0;
}
