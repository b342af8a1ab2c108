import type { PolicyDiagnostics } from '../ros/PolicyDiagnostics.ts';

const POLICY_CSS = '#b45cff';

/**
 * The policy's view of the camera image: one bar per image column (left to right, as the image), its height the
 * target probability of that column; the column it would pick is outlined. Drawn under the camera image.
 */
export class PolicyStrip {
  readonly canvas: HTMLCanvasElement;
  readonly #ctx: CanvasRenderingContext2D;
  readonly #caption: HTMLElement;
  #drawn = -1;
  /** The strip shows a finished task's last view (dimmed). */
  #dimmed = false;
  /** Times the strip was drawn with probabilities (the browser tests watch it). */
  draws = 0;

  constructor(canvas: HTMLCanvasElement, caption: HTMLElement) {
    this.canvas = canvas;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas context');
    this.#ctx = ctx;
    this.#caption = caption;
  }

  render(p: PolicyDiagnostics): void {
    const g = this.#ctx;
    const { width: w, height: h } = this.canvas;
    if (p.columnsVersion === this.#drawn && p.columnCount > 0) return;
    const n = p.columnCount;
    if (n === 0) {
      if (this.#drawn >= 0) {
        // The task ended: its last view stays, dimmed, until the next one.
        g.fillStyle = 'rgba(12, 15, 20, 0.6)';
        g.fillRect(0, 0, w, h);
        this.#dimmed = true;
      }
      if (this.#dimmed) this.#caption.textContent = `policy: last view of the task (${p.taskState || 'ended'})`;
      else this.#caption.textContent = p.version === 0 ? 'policy: not heard from yet' : p.taskActive ? 'policy: waiting for a frame' : 'policy: no task running (give an instruction)';
      this.#drawn = -1;
      return;
    }
    g.clearRect(0, 0, w, h);
    g.fillStyle = '#0c0f14';
    g.fillRect(0, 0, w, h);
    this.#drawn = p.columnsVersion;
    this.#dimmed = false;
    this.draws++;
    let best = 0;
    for (let k = 1; k < n; k++) if (p.columns[k]! > p.columns[best]!) best = k;
    // Scaled to the largest bar (at least 0.2), so a spread-out belief still shows its shape.
    const top = Math.max(0.2, p.columns[best]!);
    const cw = w / n;
    for (let k = 0; k < n; k++) {
      const v = p.columns[k]! / top;
      const bh = Math.max(1, v * (h - 2));
      g.globalAlpha = 0.35 + 0.65 * Math.min(1, v);
      g.fillStyle = POLICY_CSS;
      g.fillRect(k * cw + 1, h - bh, cw - 2, bh);
    }
    g.globalAlpha = 1;
    g.strokeStyle = '#ffffff';
    g.lineWidth = 2;
    g.strokeRect(best * cw + 1, 1, cw - 2, h - 2);
    const notInView = Number.isFinite(p.pNotInView) ? `, not in view ${p.pNotInView.toFixed(2)}` : '';
    this.#caption.textContent = `target probability per column: max ${p.columns[best]!.toFixed(2)} (column ${best + 1}/${n})${notInView}`;
  }
}
