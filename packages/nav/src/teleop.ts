import type { Node } from '@navstack/rcl';

/** teleop_twist_keyboard's layout: direction keys set a motion, q/z w/x e/c scale the speeds, k or space stops. */
const MOVES: Record<string, [number, number]> = {
  i: [1, 0],
  o: [1, -1],
  j: [0, 1],
  l: [0, -1],
  u: [1, 1],
  ',': [-1, 0],
  '.': [-1, 1],
  m: [-1, -1],
};
const SPEEDS: Record<string, [number, number]> = {
  q: [1.1, 1.1],
  z: [0.9, 0.9],
  w: [1.1, 1],
  x: [0.9, 1],
  e: [1, 1.1],
  c: [1, 0.9],
};

export const TELEOP_HELP = `navstack teleop: publishing geometry_msgs/Twist on cmd_vel_teleop
---------------------------
Moving around:
   u    i    o
   j    k    l
   m    ,    .
k or space: stop        q/z: all speeds +/-10%
w/x: linear speed +/-10%   e/c: angular speed +/-10%
Ctrl-C or Ctrl-D: quit (sends a stop first)
`;

export interface TeleopOptions {
  linearSpeed: number;
  angularSpeed: number;
  maxLinear: number;
  maxAngular: number;
  /** a motion key keeps the robot moving this long (s), as a held key repeats; 0 = until the stop key */
  keyTimeout: number;
  /** publish rate while moving (Hz); several messages per safety deadman (source_timeout, 0.25 s) */
  rate: number;
}

export const TELEOP_DEFAULTS: TeleopOptions = { linearSpeed: 0.25, angularSpeed: 1.0, maxLinear: 0.5, maxAngular: 2.0, keyTimeout: 0.6, rate: 20 };

export type TeleopEvent = { kind: 'move' | 'stop' | 'speed' | 'quit' | 'ignored'; linear: number; angular: number };

/** The keyboard state machine (no I/O): keys in, the commanded velocity out. */
export class TeleopKeys {
  linearSpeed: number;
  angularSpeed: number;
  linear = 0;
  angular = 0;
  constructor(readonly o: TeleopOptions = TELEOP_DEFAULTS) {
    this.linearSpeed = o.linearSpeed;
    this.angularSpeed = o.angularSpeed;
  }

  key(k: string): TeleopEvent {
    if (k === '\u0003' || k === '\u0004') {
      this.linear = this.angular = 0;
      return { kind: 'quit', linear: 0, angular: 0 };
    }
    const mv = MOVES[k];
    if (mv) {
      this.linear = mv[0] * this.linearSpeed;
      this.angular = mv[1] * this.angularSpeed;
      return { kind: 'move', linear: this.linear, angular: this.angular };
    }
    if (k === 'k' || k === ' ') {
      this.linear = this.angular = 0;
      return { kind: 'stop', linear: 0, angular: 0 };
    }
    const sp = SPEEDS[k];
    if (sp) {
      this.linearSpeed = Math.min(this.o.maxLinear, this.linearSpeed * sp[0]);
      this.angularSpeed = Math.min(this.o.maxAngular, this.angularSpeed * sp[1]);
      // a motion in progress takes the new speed
      this.linear = Math.sign(this.linear) * this.linearSpeed;
      this.angular = Math.sign(this.angular) * this.angularSpeed;
      return { kind: 'speed', linear: this.linear, angular: this.angular };
    }
    return { kind: 'ignored', linear: this.linear, angular: this.angular };
  }
}

/** The parts of a TTY stream teleop uses (process.stdin / process.stdout fit). */
export interface KeyInput {
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off?(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  setRawMode?(raw: boolean): unknown;
  resume?(): unknown;
  pause?(): unknown;
  isTTY?: boolean;
}
export interface TextOutput {
  write(s: string): unknown;
}

/**
 * Keyboard teleop: reads keys from `input`, publishes geometry_msgs/Twist on cmd_vel_teleop while a
 * motion is active (at `rate`, so the safety node's deadman stays satisfied), then a few zeros and
 * silence, so autonomy can take over again. Resolves when the user quits (Ctrl-C / Ctrl-D).
 */
export function runKeyboardTeleop(node: Node, input: KeyInput, output: TextOutput, options: Partial<TeleopOptions> = {}): Promise<void> {
  const o = { ...TELEOP_DEFAULTS, ...options };
  const keys = new TeleopKeys(o);
  const pub = node.createPublisher('geometry_msgs/msg/Twist', 'cmd_vel_teleop');
  const clock = node.getClock();
  let lastKey = -Infinity;
  let zerosLeft = 0;
  const send = (linear: number, angular: number) => pub.publish({ linear: { x: linear, y: 0, z: 0 }, angular: { x: 0, y: 0, z: angular } });
  const status = () => output.write(`\rlinear ${keys.linearSpeed.toFixed(2)} m/s  angular ${keys.angularSpeed.toFixed(2)} rad/s  cmd (${keys.linear.toFixed(2)}, ${keys.angular.toFixed(2)})    `);
  output.write(TELEOP_HELP);
  status();
  const timer = node.createTimer(1 / o.rate, () => {
    const moving = keys.linear !== 0 || keys.angular !== 0;
    if (moving && o.keyTimeout > 0 && clock.nowSeconds() - lastKey > o.keyTimeout) {
      keys.linear = keys.angular = 0;
      zerosLeft = 5;
      status();
    }
    if (keys.linear !== 0 || keys.angular !== 0) send(keys.linear, keys.angular);
    else if (zerosLeft > 0) {
      zerosLeft--;
      send(0, 0);
    }
  });
  input.setRawMode?.(true);
  input.resume?.();
  return new Promise<void>((resolve) => {
    const onData = (chunk: Buffer | string) => {
      for (const k of chunk.toString()) {
        const ev = keys.key(k);
        lastKey = clock.nowSeconds();
        if (ev.kind === 'move' || ev.kind === 'speed') send(keys.linear, keys.angular);
        if (ev.kind === 'stop') {
          send(0, 0);
          zerosLeft = 5;
        }
        if (ev.kind === 'quit') {
          send(0, 0);
          timer.cancel();
          input.off?.('data', onData);
          input.setRawMode?.(false);
          input.pause?.();
          output.write('\n');
          resolve();
          return;
        }
        status();
      }
    };
    input.on('data', onData);
  });
}
