import { z } from 'zod';
import { init, type Node } from '@navstack/rcl';
import { runKeyboardTeleop, SAFETY_PARAMS, TELEOP_DEFAULTS } from '@navstack/nav';
import { findLocalBridgeToken, withToken } from '@navstack/bridge/runtime';
import { UsageError } from '../errors.ts';
import { numberText, parseOptions } from '../options.ts';
import { connectRosbridge, RosbridgeNode } from '../RosbridgeNode.ts';

export const teleopHelp = `usage: navstack teleop [--url ws://HOST:9090 | --backend ros2] [--speed M/S] [--turn RAD/S]

Keyboard teleop (teleop_twist_keyboard's keys) publishing geometry_msgs/Twist on cmd_vel_teleop.
It reaches a running navstack through its rosbridge server (default ws://127.0.0.1:9090), or a
ROS 2 robot directly with --backend ros2. The safety node gives teleop priority over autonomy. A
motion key keeps the robot moving until ${TELEOP_DEFAULTS.keyTimeout} s after the last key press (a held key repeats; k or
space stops at once), repeating the command at ${TELEOP_DEFAULTS.rate} Hz; if the commands stop coming (teleop
killed, connection lost), the safety node's deadman zeroes them ${SAFETY_PARAMS.source_timeout} s after the last one.
  --url URL        rosbridge server (default ws://127.0.0.1:9090); the bridge's token is read from the
                   runtime file of a navstack running on this machine, or give it: --token T or ?token=T
  --token T        the token of the viewer URL navstack printed (needed to drive)
  --backend B      rosbridge (default) or ros2
  --speed V        starting linear speed, m/s (default ${TELEOP_DEFAULTS.linearSpeed})
  --turn W         starting angular speed, rad/s (default ${TELEOP_DEFAULTS.angularSpeed})`;

const Options = z.object({
  url: z.string().regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL').default('ws://127.0.0.1:9090'),
  backend: z.enum(['rosbridge', 'ros2']).default('rosbridge'),
  token: z.string().optional(),
  speed: numberText(0, 5).default(TELEOP_DEFAULTS.linearSpeed),
  turn: numberText(0, 10).default(TELEOP_DEFAULTS.angularSpeed),
});

export async function teleopCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions('teleop', argv, { url: { type: 'string' }, token: { type: 'string' }, backend: { type: 'string' }, speed: { type: 'string' }, turn: { type: 'string' } }, Options);
  if (!process.stdin.isTTY) throw new UsageError('teleop: needs an interactive terminal (stdin is not a TTY)');
  let node: Node;
  let close: () => Promise<void>;
  if (values.backend === 'ros2') {
    const ctx = await init({ backend: 'ros2' });
    node = ctx.createNode('teleop_keyboard');
    close = () => ctx.shutdown();
  } else {
    const ros = await connectRosbridge(withToken(values.url, values.token ?? process.env.NAVSTACK_BRIDGE_TOKEN ?? findLocalBridgeToken(values.url)));
    node = new RosbridgeNode(ros, 'teleop_keyboard');
    close = async () => node.destroy();
  }
  await runKeyboardTeleop(node, process.stdin, process.stdout, { linearSpeed: values.speed, angularSpeed: values.turn });
  await close();
  return 0;
}
