import type { Connection } from '../ros/Connection.ts';
import type { DiagnosticArray, GoalStatusArray } from '../ros/messages.ts';

const GOAL_STATES = ['unknown', 'accepted', 'executing', 'canceling', 'succeeded', 'canceled', 'aborted'];
const LEVELS = ['OK', 'WARN', 'ERROR', 'STALE'];

interface Entry {
  level: number;
  message: string;
  values: Map<string, string>;
  at: number;
}

/**
 * Connection state, the navigator's goal, policy latency, the simulator's pace, episodes; topic rates and every
 * diagnostic status in folded sections. One line per value (long ones end in an ellipsis, whole in the tooltip),
 * so the card keeps its size whatever the navigator says. The task's outcome is the policy's, shown in TaskPanel.
 */
export class StatusPanel {
  readonly #conn: Connection;
  readonly #root: HTMLElement;
  readonly #diag = new Map<string, Entry>();
  goalState = '';
  readonly highlights: Record<string, string> = {};

  constructor(conn: Connection, root: HTMLElement) {
    this.#conn = conn;
    this.#root = root;
    conn.subscribe<DiagnosticArray>('/goal_feedback', 'diagnostic_msgs/msg/DiagnosticArray', (m) => this.addDiagnostics(m), { throttleMs: 200 });
    conn.subscribe<GoalStatusArray>('/goal_status', 'action_msgs/msg/GoalStatusArray', (m) => {
      const last = m.status_list[m.status_list.length - 1];
      if (last) this.goalState = GOAL_STATES[last.status] ?? String(last.status);
    });
    setInterval(() => this.render(), 500);
  }

  addDiagnostics(m: DiagnosticArray): void {
    const now = performance.now();
    for (const s of m.status) {
      let e = this.#diag.get(s.name);
      if (!e) {
        e = { level: 0, message: '', values: new Map(), at: now };
        this.#diag.set(s.name, e);
      }
      e.level = s.level;
      e.message = s.message;
      e.at = now;
      for (const kv of s.values) e.values.set(kv.key, kv.value);
    }
  }

  /** The first value whose status name and key match. */
  #find(statusRe: RegExp | undefined, keyRe: RegExp): string | undefined {
    for (const [name, e] of this.#diag) {
      if (statusRe && !statusRe.test(name)) continue;
      for (const [k, v] of e.values) if (keyRe.test(k)) return v;
    }
    return undefined;
  }

  #updateHighlights(): void {
    const h = this.highlights;
    const set = (k: string, v: string | undefined) => {
      if (v !== undefined && v !== '') h[k] = v;
    };
    const number = (v: string | undefined) => (v !== undefined && Number.isFinite(Number(v)) ? v : undefined); // 'NaN' before the first frame
    const med = number(this.#find(/policy/i, /latency.*median|^latency(_ms)?$/i));
    const p99 = number(this.#find(/policy/i, /latency.*p99/i));
    set('policy latency', med !== undefined ? `${med} ms${p99 !== undefined ? ` (p99 ${p99} ms)` : ''}` : number(this.#find(/policy/i, /latency/i)));
    set('sim real-time factor', this.#find(undefined, /real_?time_?factor|^rtf$/i));
    const state = this.#find(/goal/i, /^state$/) ?? this.goalState;
    const reason = this.#find(/goal/i, /^reason$/);
    const dist = this.#find(/goal/i, /distance_remaining/);
    set('navigator goal', state ? `${state}${dist ? ` (${Number(dist).toFixed(2)} m left)` : ''}${reason ? ` ${reason}` : ''}` : undefined);
    const episodes = this.#find(undefined, /^episodes?$|episode_count/i);
    const success = this.#find(undefined, /success_rate|successes/i);
    const result = this.#find(undefined, /last_result|episode_result|^result$/i);
    set('episodes', [episodes && `${episodes} episodes`, success && `success ${success}`, result && `last: ${result}`].filter(Boolean).join(', ') || undefined);
  }

  render(): void {
    this.#updateHighlights();
    const c = this.#conn;
    const rows: string[] = [];
    const stateEl = document.getElementById('conn-state') as HTMLElement;
    stateEl.textContent = `${c.state}${c.detail ? ` — ${c.detail}` : ''}`;
    stateEl.className = `conn-state ${c.state}`;
    for (const [k, v] of Object.entries(this.highlights)) rows.push(`<tr><th>${esc(k)}</th><td title="${esc(v)}">${esc(v)}</td></tr>`);
    (this.#root.querySelector('#highlights') as HTMLElement).innerHTML = rows.join('') || '<tr><td>no diagnostics yet</td></tr>';
    const now = performance.now();
    const rates = c.subs
      .map((s) => {
        const hz = s.meter.rate(2000, now);
        return `<tr class="${hz > 0 ? 'live' : 'quiet'}"><th>${esc(s.name)}</th><td>${hz > 0 ? hz.toFixed(1) + ' Hz' : s.meter.total ? 'idle' : '—'}</td></tr>`;
      })
      .join('');
    (this.#root.querySelector('#rates') as HTMLElement).innerHTML = rates;
    const diag = [...this.#diag.entries()]
      .map(([name, e]) => {
        const vals = [...e.values].slice(0, 8).map(([k, v]) => `${esc(k)}=${esc(v)}`).join(' · ');
        return `<li class="lvl${e.level}"><b>${esc(name)}</b> <span>${LEVELS[e.level] ?? e.level}</span> ${esc(e.message)}<div>${vals}</div></li>`;
      })
      .join('');
    (this.#root.querySelector('#diagnostics') as HTMLElement).innerHTML = diag;
  }
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
}
