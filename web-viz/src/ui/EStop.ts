import type { Connection } from '../ros/Connection.ts';
import type { DiagnosticArray } from '../ros/messages.ts';

/** How long a state heard on the estop topic outranks the safety node's diagnostics (published once a second). */
const TOPIC_PRECEDENCE_MS = 1500;

/**
 * The e-stop: publishes estop (std_msgs/Bool, latched) true; an explicit Release publishes false (it needs the token).
 * Engaging cancels the navigator's goal, so releasing does not resume driving. The badge shows the latched estop
 * state, or, when nobody has published one, the safety node's own state from its diagnostics (key `estop`), so it
 * reads released/engaged from the start instead of unknown.
 */
export class EStop {
  readonly #conn: Connection;
  readonly #topic: string;
  engaged: boolean | undefined;
  /** Where the shown state came from. */
  source: 'none' | 'topic' | 'safety' = 'none';
  readonly #stopBtn: HTMLButtonElement;
  readonly #releaseBtn: HTMLButtonElement;
  readonly #label: HTMLElement;
  readonly #note: HTMLElement | null;
  #topicAt = -Infinity;

  constructor(conn: Connection, root: HTMLElement, topic = '/estop') {
    this.#conn = conn;
    this.#topic = topic;
    conn.advertise(topic, 'std_msgs/msg/Bool', true);
    this.#stopBtn = root.querySelector('#estop') as HTMLButtonElement;
    this.#releaseBtn = root.querySelector('#estop-release') as HTMLButtonElement;
    this.#label = root.querySelector('#estop-state') as HTMLElement;
    this.#note = root.querySelector('#estop-note');
    this.#stopBtn.addEventListener('click', () => this.set(true));
    this.#releaseBtn.addEventListener('click', () => this.set(false));
    conn.subscribe<{ data: boolean }>(topic, 'std_msgs/msg/Bool', (m) => this.#fromTopic(m.data), { compression: 'none' });
    this.#show(undefined);
  }

  set(engaged: boolean): boolean {
    const ok = this.#conn.publish(this.#topic, { data: engaged });
    if (ok) this.#fromTopic(engaged);
    return ok;
  }

  #fromTopic(engaged: boolean): void {
    this.#topicAt = performance.now();
    this.source = 'topic';
    this.#show(engaged);
  }

  /** The safety node's state (a status with key `estop`), unless the topic spoke a moment ago. */
  readDiagnostics(m: DiagnosticArray): void {
    if (performance.now() - this.#topicAt < TOPIC_PRECEDENCE_MS) return;
    for (const s of m.status) {
      const kv = s.values.find((x) => x.key === 'estop');
      if (kv?.value !== 'true' && kv?.value !== 'false') continue;
      this.source = 'safety';
      this.#show(kv.value === 'true');
      return;
    }
  }

  #show(engaged: boolean | undefined): void {
    this.engaged = engaged;
    this.#label.textContent = engaged === undefined ? 'e-stop: waiting for the safety node' : engaged ? 'E-STOP ENGAGED' : 'e-stop released';
    this.#label.className = engaged ? 'estop-state engaged' : 'estop-state';
    this.#releaseBtn.disabled = engaged === false;
    if (this.#note) this.#note.hidden = !engaged;
  }
}
