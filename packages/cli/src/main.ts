import { LaunchError, ParameterError } from '@navstack/rcl';
import { CommandError, UsageError } from './errors.ts';
import { EXECUTABLES } from './registry.ts';

interface CommandModule {
  help: string;
  run(argv: string[]): Promise<number>;
}

interface Command {
  summary: string;
  /** Loaded when the command runs: one command's dependencies (TensorFlow.js for train, ...) never slow another. */
  load(): Promise<CommandModule>;
}

const COMMANDS: Record<string, Command> = {
  launch: { summary: 'start the nodes of a ROS 2 launch file (XML/YAML) in one process', load: () => import('./commands/launch.ts').then((m) => ({ help: m.launchHelp, run: (a) => m.launchCommand(a, EXECUTABLES) })) },
  run: { summary: 'run one node (what the ROS 2 package executables call)', load: () => import('./commands/run.ts').then((m) => ({ help: m.runHelp, run: (a) => m.runCommand(a, EXECUTABLES) })) },
  teleop: { summary: 'keyboard teleop on cmd_vel_teleop (through rosbridge, or ROS 2)', load: () => import('./commands/teleop.ts').then((m) => ({ help: m.teleopHelp, run: m.teleopCommand })) },
  record: { summary: 'record expert demonstrations in seeded scenarios as MCAP bags', load: () => import('./commands/policy.ts').then((m) => ({ help: m.recordHelp, run: m.recordCommand })) },
  train: { summary: 'train the policy (TensorFlow.js) and export it to ONNX with its model card', load: () => import('./commands/policy.ts').then((m) => ({ help: m.trainHelp, run: m.trainCommand })) },
  eval: { summary: 'evaluate the policy, baselines and ablations on a suite; writes a report', load: () => import('./commands/policy.ts').then((m) => ({ help: m.evalHelp, run: m.evalCommand })) },
  bag: { summary: 'record a running system into a rosbag2 bag (MCAP), or show a bag', load: () => import('./commands/bag.ts').then((m) => ({ help: m.bagHelp, run: m.bagCommand })) },
  bench: { summary: 'run the benchmarks and print JSON', load: () => import('./commands/bench.ts').then((m) => ({ help: m.benchHelp, run: m.benchCommand })) },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return [
    'usage: navstack COMMAND [options]   (navstack COMMAND --help for more)',
    '',
    ...Object.entries(COMMANDS).map(([k, c]) => `  ${k.padEnd(width)}  ${c.summary}`),
    '',
    'executables for launch files (pkg navstack):',
    ...EXECUTABLES.map((e) => `  ${e.exec.padEnd(18)} ${e.description}`),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    console.error(`navstack: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const mod = await cmd.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(mod.help);
    return 0;
  }
  try {
    return await mod.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`navstack ${e.message}\n(see navstack ${name} --help)`);
      return 2;
    }
    if (e instanceof LaunchError || e instanceof ParameterError || e instanceof CommandError) {
      console.error(`navstack ${name}: ${e.message}`);
      return 1;
    }
    console.error(`navstack ${name}: ${(e as Error).stack ?? e}`);
    return 1;
  }
}
