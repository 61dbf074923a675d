// A progress bar on standard error: redrawn in place on a terminal, a line every few seconds
// otherwise (CI logs), never on standard output, which carries the command's JSON answer. Each
// line says what is done, of how much, and what remains. In 'lines' mode every update is a line
// of its own (for scripts that follow a command's progress, such as a test that stops a seed
// after so many batches).

export type ProgressMode = 'bar' | 'lines';

export class Progress {
  private done = 0;
  /** The work a resumed seed or import finds already done, left out of the rate. */
  private base = 0;
  private lastDraw = 0;
  private readonly started = Date.now();
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private total: number,
    private readonly unit = '',
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly mode: ProgressMode = 'bar',
  ) {
    this.tty = mode === 'bar' && Boolean(stream.isTTY);
  }

  setTotal(total: number): void {
    this.total = total;
  }

  /** The work was taken up with this much done already. */
  resumedAt(done: number): void {
    this.base = done;
    this.done = done;
  }

  update(done: number, extra = ''): void {
    this.done = done;
    const now = Date.now();
    if (this.mode === 'bar' && now - this.lastDraw < (this.tty ? 100 : 5000)) return;
    this.lastDraw = now;
    this.draw(extra);
  }

  /** A milestone (a step of the work done): drawn at once, whatever the mode. */
  mark(done: number, extra = ''): void {
    this.done = done;
    this.lastDraw = Date.now();
    this.draw(extra);
    if (this.tty) this.stream.write('\n');
  }

  finish(extra = ''): void {
    this.draw(extra);
    if (this.tty) this.stream.write('\n');
  }

  private draw(extra: string): void {
    const secs = (Date.now() - this.started) / 1000;
    const rate = secs > 0 ? (this.done - this.base) / secs : 0;
    const pct = this.total > 0 ? Math.min(1, this.done / this.total) : 0;
    const width = 28;
    const filled = Math.round(pct * width);
    const bar = this.total > 0 ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(pct * 100).toFixed(1).padStart(5)}% ` : '';
    const left = this.total > 0 ? ` (${fmt(Math.max(0, this.total - this.done))} left)` : '';
    const eta = this.total > 0 && rate > 0 ? ` eta ${Math.max(0, Math.round((this.total - this.done) / rate))}s` : '';
    const line = `${this.label} ${bar}${fmt(this.done)}${this.total > 0 ? `/${fmt(this.total)}` : ''}${this.unit}${left} ${fmt(Math.round(rate))}${this.unit}/s${eta}${extra ? ` ${extra}` : ''}`;
    if (this.tty) this.stream.write(`\r\x1b[2K${line}`);
    else this.stream.write(`${line}\n`);
  }
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
