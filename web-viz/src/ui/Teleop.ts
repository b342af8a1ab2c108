import type { Connection } from '../ros/Connection.ts';
import type { Twist } from '../ros/messages.ts';

export interface TeleopOptions {
  topic: string;
  maxLinear: number;
  maxAngular: number;
  /** Publishing period while a key or the joystick is held (ms); 50 = 20 Hz, five messages per 0.25 s safety deadman. */
  periodMs: number;
}

const KEYS: Record<string, [number, number]> = {
  KeyW: [1, 0], ArrowUp: [1, 0],
  KeyS: [-1, 0], ArrowDown: [-1, 0],
  KeyA: [0, 1], ArrowLeft: [0, 1],
  KeyD: [0, -1], ArrowRight: [0, -1],
};

/**
 * Teleop with keys (WASD, arrows) and an on-screen joystick. While held it publishes a Twist at
 * 20 Hz (the safety node zeroes a source silent for 0.25 s, so a lost connection stops the robot);
 * releasing (or losing focus) publishes zero and stops: a deadman, so the robot never keeps the
 * last command.
 */
export class Teleop {
  readonly #conn: Connection;
  readonly #o: TeleopOptions;
  readonly #keys = new Set<string>();
  readonly #knob: HTMLElement;
  readonly #pad: HTMLElement;
  #joy: { lin: number; ang: number } | undefined;
  #rect: DOMRect | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #twist: Twist = { linear: { x: 0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } };
  sent = 0;
  onChange: ((lin: number, ang: number, active: boolean) => void) | undefined;

  constructor(conn: Connection, pad: HTMLElement, options: Partial<TeleopOptions> = {}) {
    this.#conn = conn;
    this.#o = { topic: '/cmd_vel_teleop', maxLinear: 0.5, maxAngular: 1.2, periodMs: 50, ...options };
    conn.advertise(this.#o.topic, 'geometry_msgs/msg/Twist');
    this.#pad = pad;
    this.#knob = pad.querySelector('.knob') as HTMLElement;
    window.addEventListener('keydown', (e) => this.#key(e, true));
    window.addEventListener('keyup', (e) => this.#key(e, false));
    window.addEventListener('blur', () => this.releaseAll());
    document.addEventListener('visibilitychange', () => document.hidden && this.releaseAll());
    pad.addEventListener('pointerdown', (e) => {
      pad.setPointerCapture(e.pointerId);
      this.#rect = pad.getBoundingClientRect(); // fixed for the drag, whatever the layout does meanwhile
      this.#joyMove(e);
    });
    pad.addEventListener('pointermove', (e) => this.#joy && this.#joyMove(e));
    pad.addEventListener('pointerup', () => this.#joyRelease());
    pad.addEventListener('pointercancel', () => this.#joyRelease());
    pad.addEventListener('lostpointercapture', () => this.#joyRelease());
  }

  #key(e: KeyboardEvent, down: boolean): void {
    const t = e.target as HTMLElement | null;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    if (!(e.code in KEYS)) return;
    e.preventDefault();
    if (down) this.#keys.add(e.code);
    else this.#keys.delete(e.code);
    this.#refresh();
  }

  #joyMove(e: PointerEvent): void {
    const r = this.#rect ?? this.#pad.getBoundingClientRect();
    const radius = r.width / 2;
    let dx = (e.clientX - (r.left + radius)) / radius;
    let dy = (e.clientY - (r.top + r.height / 2)) / radius;
    const len = Math.hypot(dx, dy);
    if (len > 1) {
      dx /= len;
      dy /= len;
    }
    this.#knob.style.transform = `translate(${dx * radius * 0.6}px, ${dy * radius * 0.6}px)`;
    this.#joy = { lin: -dy, ang: -dx };
    this.#refresh();
  }

  #joyRelease(): void {
    if (!this.#joy) return;
    this.#joy = undefined;
    this.#rect = undefined;
    this.#knob.style.transform = '';
    this.#refresh();
  }

  releaseAll(): void {
    this.#keys.clear();
    this.#joyRelease();
    this.#refresh();
  }

  get active(): boolean {
    return this.#keys.size > 0 || this.#joy !== undefined;
  }

  #command(): [number, number] {
    let lin = 0;
    let ang = 0;
    for (const k of this.#keys) {
      lin += KEYS[k]![0];
      ang += KEYS[k]![1];
    }
    if (this.#joy) {
      lin += this.#joy.lin;
      ang += this.#joy.ang;
    }
    return [Math.max(-1, Math.min(1, lin)) * this.#o.maxLinear, Math.max(-1, Math.min(1, ang)) * this.#o.maxAngular];
  }

  #publish(lin: number, ang: number): void {
    this.#twist.linear.x = lin;
    this.#twist.angular.z = ang;
    if (this.#conn.publish(this.#o.topic, this.#twist)) this.sent++;
  }

  #refresh(): void {
    const [lin, ang] = this.#command();
    if (this.active) {
      this.#publish(lin, ang);
      if (!this.#timer) this.#timer = setInterval(() => this.#publish(...this.#command()), this.#o.periodMs);
    } else if (this.#timer) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      this.#publish(0, 0); // deadman: released means stop
    }
    this.onChange?.(lin, ang, this.active);
  }

  dispose(): void {
    this.releaseAll();
  }
}
