// A published aggregate computed at most once per period and shared by every request in it.
import { describe, expect, it } from 'vitest';
import { SharedAnswer } from '../../src/kernel/shared-answer.ts';

function setup(ttl = 1000) {
  let now = 0;
  let runs = 0;
  let fail = false;
  let release: (() => void) | null = null;
  const answer = new SharedAnswer(
    async () => {
      const n = ++runs;
      await new Promise<void>((r) => (release = r));
      if (fail) throw new Error(`count ${n} failed`);
      return n;
    },
    ttl,
    () => now,
  );
  return {
    answer,
    runs: () => runs,
    advance: (ms: number) => (now += ms),
    finish: () => release?.(),
    failNext: (v: boolean) => (fail = v),
  };
}

describe('SharedAnswer', () => {
  it('gives every request in the period one computation, including requests that arrive while it runs', async () => {
    const s = setup();
    const a = s.answer.get();
    const b = s.answer.get();
    s.finish();
    expect(await a).toBe(1);
    expect(await b).toBe(1);
    s.advance(999);
    expect(await s.answer.get()).toBe(1);
    expect(s.runs()).toBe(1);
  });

  it('computes afresh once the period is over, or after invalidate()', async () => {
    const s = setup();
    const first = s.answer.get();
    s.finish();
    await first;
    s.advance(1000);
    const second = s.answer.get();
    s.finish();
    expect(await second).toBe(2);
    s.answer.invalidate();
    const third = s.answer.get();
    s.finish();
    expect(await third).toBe(3);
  });

  it('does not keep a failure: the next request tries again', async () => {
    const s = setup();
    s.failNext(true);
    const failed = s.answer.get();
    s.finish();
    await expect(failed).rejects.toThrow('count 1 failed');
    s.failNext(false);
    const retried = s.answer.get();
    s.finish();
    expect(await retried).toBe(2);
  });
});
