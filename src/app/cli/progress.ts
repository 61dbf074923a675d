// A progress bar on standard error: redrawn in place on a terminal, a line every few seconds
// otherwise (CI logs), never on standard output, which carries the command's JSON answer.

export class Progress {
  private done = 0;
  private lastDraw = 0;
  private readonly started = Date.now();
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private total: number,
    private readonly unit = '',
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  setTotal(total: number): void {
    this.total = total;
  }

  update(done: number, extra = ''): void {
    this.done = done;
    const now = Date.now();
    if (now - this.lastDraw < (this.tty ? 100 : 5000)) return;
    this.lastDraw = now;
    this.draw(extra);
  }

  finish(extra = ''): void {
    this.draw(extra);
    if (this.tty) this.stream.write('\n');
  }

  private draw(extra: string): void {
    const secs = (Date.now() - this.started) / 1000;
    const rate = secs > 0 ? this.done / secs : 0;
    const pct = this.total > 0 ? Math.min(1, this.done / this.total) : 0;
    const width = 28;
    const filled = Math.round(pct * width);
    const bar = this.total > 0 ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(pct * 100).toFixed(1).padStart(5)}% ` : '';
    const eta = this.total > 0 && rate > 0 ? ` eta ${Math.max(0, Math.round((this.total - this.done) / rate))}s` : '';
    const line = `${this.label} ${bar}${fmt(this.done)}${this.total > 0 ? `/${fmt(this.total)}` : ''}${this.unit} ${fmt(Math.round(rate))}${this.unit}/s${eta}${extra ? ` ${extra}` : ''}`;
    if (this.tty) this.stream.write(`\r\x1b[2K${line}`);
    else this.stream.write(`${line}\n`);
  }
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
