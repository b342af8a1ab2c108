import type { DiagnosticArray } from './messages.ts';

/** The most image columns a policy may report (the bundled one has 32). */
const MAX_COLUMNS = 256;

/**
 * What policy_node says on diagnostics (status `<node>: policy`; keys in packages/policy/README.md, "Diagnostics"),
 * read into plain fields. Every message replaces the last one whole: a key it leaves out is no longer known.
 */
export class PolicyDiagnostics {
  /** Messages read so far; `columnsVersion` counts those that carried column probabilities. */
  version = 0;
  columnsVersion = 0;
  level = 0;
  message = '';
  taskState = '';
  taskMessage = '';
  /** 0-100, NaN when not given. */
  coverage = NaN;
  instruction = '';
  understoodWords = '';
  unknownWords = '';
  navGoalStatus = '';
  confidence = NaN;
  /** The target's detection relative to the robot (rad, left-positive; m); NaN when nothing is in view. */
  bearing = NaN;
  range = NaN;
  pNotInView = NaN;
  /** Target probability of each image column, left to right; `columnCount` of them are valid. */
  readonly columns = new Float32Array(MAX_COLUMNS);
  columnCount = 0;

  /** Reads the policy's status from a DiagnosticArray; false when it carries none. */
  read(m: DiagnosticArray): boolean {
    const s = m.status.find((x) => x.hardware_id === 'policy' && /: policy$/.test(x.name));
    if (!s) return false;
    const v = new Map(s.values.map((kv) => [kv.key, kv.value]));
    const text = (k: string) => v.get(k) ?? '';
    const num = (k: string) => (v.get(k) ? Number(v.get(k)) : NaN);
    this.level = s.level;
    this.message = s.message;
    this.taskState = text('task_state');
    this.taskMessage = text('task_message');
    this.coverage = num('coverage_pct');
    this.instruction = text('instruction');
    this.understoodWords = text('understood_words');
    this.unknownWords = text('unknown_words');
    this.navGoalStatus = text('nav_goal_status');
    this.confidence = num('target_confidence');
    this.bearing = num('target_bearing_rad');
    this.range = num('target_range_m');
    this.pNotInView = num('p_not_in_view');
    const cols = text('column_probabilities');
    this.columnCount = 0;
    if (cols) {
      for (const p of cols.split(',')) {
        if (this.columnCount === MAX_COLUMNS) break;
        const x = Number(p);
        this.columns[this.columnCount++] = Number.isFinite(x) ? x : 0;
      }
      this.columnsVersion++;
    }
    this.version++;
    return true;
  }

  /** A task is under way (its frames drive the policy). */
  get taskActive(): boolean {
    return this.taskState === 'searching' || this.taskState === 'approaching' || this.taskState === 'verifying';
  }
}
