import type { Connection } from '../ros/Connection.ts';

/** A text box that publishes instruction (std_msgs/String) for the policy. */
export class InstructionBox {
  sent = 0;
  constructor(conn: Connection, form: HTMLFormElement, topic = '/instruction') {
    conn.advertise(topic, 'std_msgs/msg/String');
    const input = form.querySelector('input') as HTMLInputElement;
    const note = form.querySelector('.note') as HTMLElement;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      if (conn.publish(topic, { data: text })) {
        this.sent++;
        note.textContent = `sent: “${text}”`;
        input.value = '';
      } else note.textContent = 'not connected: nothing sent';
    });
  }
}
