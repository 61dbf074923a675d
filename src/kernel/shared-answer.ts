// An answer that is expensive to compute and may be a little old (published aggregates that
// anyone may ask for): computed at most once per period, and every request in that period,
// including those that arrive while it is being computed, shares it. A failed computation is not
// kept, so the next request tries again.
export class SharedAnswer<T> {
  private current: { at: number; value: Promise<T> } | null = null;

  constructor(
    private readonly compute: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(): Promise<T> {
    const at = this.now();
    if (!this.current || at - this.current.at >= this.ttlMs) {
      const entry = { at, value: this.compute() };
      this.current = entry;
      entry.value.catch(() => {
        if (this.current === entry) this.current = null;
      });
    }
    return this.current.value;
  }

  /** The next request computes afresh (after a change this process made). */
  invalidate(): void {
    this.current = null;
  }
}
