import type { Connection } from '../ros/Connection.ts';

/** The e-stop: publishes estop (std_msgs/Bool, latched) true; an explicit Release publishes false (it needs the token). Engaging cancels the navigator's goal, so releasing does not resume driving. */
export class EStop {
  readonly #conn: Connection;
  readonly #topic: string;
  engaged: boolean | undefined;
  readonly #stopBtn: HTMLButtonElement;
  readonly #releaseBtn: HTMLButtonElement;
  readonly #label: HTMLElement;
  readonly #note: HTMLElement | null;

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
    conn.subscribe<{ data: boolean }>(topic, 'std_msgs/msg/Bool', (m) => this.#show(m.data), { compression: 'none' });
    this.#show(undefined);
  }

  set(engaged: boolean): boolean {
    const ok = this.#conn.publish(this.#topic, { data: engaged });
    if (ok) this.#show(engaged);
    return ok;
  }

  #show(engaged: boolean | undefined): void {
    this.engaged = engaged;
    this.#label.textContent = engaged === undefined ? 'e-stop: unknown' : engaged ? 'E-STOP ENGAGED' : 'e-stop released';
    this.#label.className = engaged ? 'estop-state engaged' : 'estop-state';
    this.#releaseBtn.disabled = engaged === false;
    if (this.#note) this.#note.hidden = !engaged;
  }
}
