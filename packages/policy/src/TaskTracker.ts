/**
 * The task's outcome as the operator should read it (pure): one state, a plain sentence, and the machine-readable
 * keys policy_node puts on diagnostics (documented in the README). The navigator's goal status is reported beside
 * it and never stands in for it: "the navigator reached its goal" is not "the robot found the red box".
 */
import type { Mode } from './GoalBehaviour.ts';
import type { TargetEstimate } from './decision.ts';
import { describe, type ParsedInstruction, type Relation } from './instruction.ts';

export type TaskState = 'idle' | 'not_understood' | 'searching' | 'approaching' | 'verifying' | 'arrived' | 'not_found' | 'cancelled' | 'overridden';

/** States in which the policy no longer acts (until the next instruction). */
const FINAL: ReadonlySet<TaskState> = new Set(['idle', 'not_understood', 'arrived', 'not_found', 'cancelled', 'overridden']);

export function relationText(r: Relation | undefined): string {
  if (!r) return '';
  if (r.kind === 'near-wall') return 'by a wall';
  if (r.kind === 'next-to') return `next to the ${describe(r.reference)}`;
  if (r.kind === 'side') return `on the ${r.side}`;
  return r.which;
}

export interface BehaviourView {
  mode: Mode;
  committed: boolean;
  /** The navigator reported the current target goal reached (the close-up check is running). */
  arrived: boolean;
  coverage: number;
  searchSeconds: number;
  endReason: 'covered' | 'budget' | undefined;
  /** 2 during the second look over the reachable space. */
  pass?: number;
}

export class TaskTracker {
  state: TaskState = 'idle';
  message = 'waiting for an instruction';
  #parsed: ParsedInstruction | undefined;
  #target = '';
  #confidence = NaN;
  #bearing = NaN;
  #range = NaN;
  #coverage = 0;
  #searchSeconds = 0;
  #pass = 1;

  /** Whether frames should drive the behaviour (a task is under way). */
  get active(): boolean {
    return !FINAL.has(this.state);
  }

  get parsed(): ParsedInstruction | undefined {
    return this.#parsed;
  }

  instruction(p: ParsedInstruction): void {
    this.#parsed = p;
    this.#coverage = this.#searchSeconds = 0;
    this.#confidence = this.#bearing = this.#range = NaN;
    if (p.kind === 'stop') {
      this.#target = '';
      this.#set('cancelled', `stopped by the instruction "${p.understood.join(' ')}"`);
    } else if (p.kind === 'refused') {
      this.#target = '';
      this.#set('not_understood', `not understood: ${p.reason}`);
    } else {
      this.#target = describe(p.target);
      this.#set('searching', `looking for the ${this.#targetText()}`);
    }
  }

  /** The task ends at once (goal_cancel, or the model went away). */
  cancel(why: string): void {
    if (this.active) this.#set('cancelled', why);
  }

  /** Someone else drives now (a goal that is not ours, teleop). */
  override(why: string): void {
    if (this.active) this.#set('overridden', `${why}: the operator has control until the next instruction`);
  }

  update(b: BehaviourView, est: TargetEstimate | undefined): void {
    if (!this.active) return;
    this.#coverage = b.coverage;
    this.#pass = b.pass ?? 1;
    this.#searchSeconds = b.searchSeconds;
    if (est) {
      this.#confidence = est.inView ? est.confidence : NaN;
      this.#bearing = est.inView ? est.bearing : NaN;
      this.#range = est.inView ? est.range : NaN;
    }
    const cov = `${Math.round(b.coverage * 100)}% of the surfaces seen`;
    if (b.mode === 'done') this.#set('arrived', `arrived at the ${this.#targetText()} (checked close up)`);
    else if (b.mode === 'not-found')
      this.#set('not_found', b.endReason === 'budget' ? `not found: the search time budget ran out (${cov})` : `not found: the reachable space has been searched (${cov})`);
    else if (b.committed && b.arrived) this.#set('verifying', `checking close up that this is the ${this.#targetText()}`);
    else if (b.committed) this.#set('approaching', `approaching the ${this.#targetText()}${Number.isFinite(this.#confidence) ? ` (confidence ${this.#confidence.toFixed(2)})` : ''}`);
    else this.#set('searching', `searching for the ${this.#targetText()}${(b.pass ?? 1) > 1 ? ' (looking everywhere once more)' : ''}: ${cov}`);
  }

  #targetText(): string {
    const p = this.#parsed;
    const rel = p?.kind === 'goal' ? relationText(p.relation) : '';
    if (p?.kind === 'goal' && p.relation?.kind === 'extreme') return `${rel} ${this.#target}`;
    return rel ? `${this.#target} ${rel}` : this.#target;
  }

  #set(state: TaskState, message: string): void {
    this.state = state;
    this.message = message;
  }

  /** The machine-readable diagnostics keys (README: "Diagnostics"). */
  values(): Record<string, string> {
    const p = this.#parsed;
    const f = (v: number, d: number) => (Number.isFinite(v) ? v.toFixed(d) : '');
    return {
      task_state: this.state,
      task_message: this.message,
      task_target: p?.kind === 'goal' ? this.#target : '',
      task_relation: p?.kind === 'goal' ? relationText(p.relation) : '',
      understood_words: p ? p.understood.join(' ') : '',
      refused_reason: p?.kind === 'refused' ? p.reason : '',
      coverage_pct: (this.#coverage * 100).toFixed(1),
      search_pass: String(this.#pass),
      search_seconds: this.#searchSeconds.toFixed(1),
      target_confidence: f(this.#confidence, 3),
      target_bearing_rad: f(this.#bearing, 3),
      target_range_m: f(this.#range, 2),
    };
  }
}
