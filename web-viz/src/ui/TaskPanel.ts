import type { PolicyDiagnostics } from '../ros/PolicyDiagnostics.ts';

/**
 * The task as the policy reports it (task_state, task_message, search coverage) and how it read the instruction
 * (understood and unknown words). Only the policy's own task_state is shown here: the navigator's goal status
 * (which can say "succeeded" for a goal where the object was not confirmed) stays in the status card.
 */
export class TaskPanel {
  readonly #state: HTMLElement;
  readonly #message: HTMLElement;
  readonly #coverage: HTMLProgressElement;
  readonly #understood: HTMLElement;
  readonly #unknown: HTMLElement;
  #shown = -1;

  constructor(root: HTMLElement) {
    this.#state = root.querySelector('#task-state') as HTMLElement;
    this.#message = root.querySelector('#task-message') as HTMLElement;
    this.#coverage = root.querySelector('#task-coverage') as HTMLProgressElement;
    this.#understood = root.querySelector('#words-understood') as HTMLElement;
    this.#unknown = root.querySelector('#words-unknown') as HTMLElement;
  }

  render(p: PolicyDiagnostics): void {
    if (p.version === 0) {
      this.#state.textContent = 'no policy';
      this.#message.textContent = 'the policy node has not reported (is it running?)';
      return;
    }
    if (p.version === this.#shown) return;
    this.#shown = p.version;
    this.#state.textContent = p.taskState || 'unknown';
    this.#state.dataset.state = p.taskState;
    this.#message.textContent = p.taskMessage || p.message;
    this.#message.title = p.taskMessage || p.message;
    const cov = Number.isFinite(p.coverage) ? p.coverage : 0;
    this.#coverage.value = cov;
    this.#coverage.title = `${cov.toFixed(0)}% of the surfaces seen`;
    this.#understood.textContent = p.understoodWords || '—';
    this.#unknown.textContent = p.unknownWords || '—';
    this.#unknown.classList.toggle('warn', p.unknownWords !== '');
  }
}
