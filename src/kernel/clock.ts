// Time is a parameter: services ask a Clock, tests and as-of runs give a fixed one.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** An as-of instant that lies in the past, or undefined for now: a future instant means now. */
export function pastInstant(at: Date | undefined, clock: Clock): Date | undefined {
  return at && at.getTime() < clock.now().getTime() ? at : undefined;
}

/** A clock that stands still until moved (tests, replays). */
export class FixedClock implements Clock {
  constructor(private instant: Date) {}
  now(): Date {
    return new Date(this.instant.getTime());
  }
  set(instant: Date | string): void {
    this.instant = new Date(instant);
  }
  advance(ms: number): void {
    this.instant = new Date(this.instant.getTime() + ms);
  }
}
