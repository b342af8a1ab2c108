/** A one-line progress bar with ETA on stderr (a plain line per update when stderr is not a TTY). */
export class ProgressBar {
  readonly total: number;
  #done = 0;
  readonly #t0 = performance.now();
  #lastDraw = 0;
  readonly #stream: NodeJS.WriteStream;

  constructor(total: number, stream: NodeJS.WriteStream = process.stderr) {
    this.total = total;
    this.#stream = stream;
  }

  static formatSeconds(s: number): string {
    if (!Number.isFinite(s)) return '?';
    const m = Math.floor(s / 60);
    return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
  }

  render(label: string): string {
    const frac = Math.min(1, this.#done / this.total);
    const el = (performance.now() - this.#t0) / 1000;
    const eta = this.#done > 0 ? (el / this.#done) * (this.total - this.#done) : Infinity;
    const w = 24, fill = Math.round(frac * w);
    return `[${'#'.repeat(fill)}${'.'.repeat(w - fill)}] ${(frac * 100).toFixed(0).padStart(3)}% ${label} | ${ProgressBar.formatSeconds(el)} elapsed, ETA ${ProgressBar.formatSeconds(eta)}`;
  }

  tick(label: string): void {
    this.#done++;
    const now = performance.now();
    const tty = this.#stream.isTTY;
    if (now - this.#lastDraw < (tty ? 250 : 10_000) && this.#done < this.total) return;
    this.#lastDraw = now;
    this.#stream.write(tty ? `\r${this.render(label)}\x1b[K` : `${this.render(label)}\n`);
  }

  note(msg: string): void {
    this.#stream.write(`${this.#stream.isTTY ? '\n' : ''}${msg}\n`);
  }

  done(): void {
    if (this.#stream.isTTY) this.#stream.write('\n');
  }
}
