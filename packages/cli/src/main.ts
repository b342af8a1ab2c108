import { LaunchError, ParameterError } from '@navstack/rcl';
import { benchCommand, benchHelp } from './commands/bench.ts';
import { launchCommand, launchHelp } from './commands/launch.ts';
import { evalCommand, evalHelp, recordCommand, recordHelp, trainCommand, trainHelp } from './commands/policy.ts';
import { runCommand, runHelp } from './commands/run.ts';
import { teleopCommand, teleopHelp } from './commands/teleop.ts';
import { CommandError, UsageError } from './errors.ts';
import { EXECUTABLES } from './registry.ts';

interface Command {
  summary: string;
  help: string;
  run(argv: string[]): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  launch: { summary: 'start the nodes of a ROS 2 launch file (XML/YAML) in one process', help: launchHelp, run: (a) => launchCommand(a, EXECUTABLES) },
  run: { summary: 'run one node (what the ROS 2 package executables call)', help: runHelp, run: (a) => runCommand(a, EXECUTABLES) },
  teleop: { summary: 'keyboard teleop on cmd_vel_teleop (through rosbridge, or ROS 2)', help: teleopHelp, run: teleopCommand },
  record: { summary: 'record expert demonstrations in seeded scenarios as MCAP bags', help: recordHelp, run: recordCommand },
  train: { summary: 'train the policy (TensorFlow.js) and export it to ONNX with its model card', help: trainHelp, run: trainCommand },
  eval: { summary: 'evaluate the policy, baselines and ablations on a suite; writes a report', help: evalHelp, run: evalCommand },
  bench: { summary: 'run the benchmarks and print JSON', help: benchHelp, run: benchCommand },
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
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(cmd.help);
    return 0;
  }
  try {
    return await cmd.run(rest);
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
