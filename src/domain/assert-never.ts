// The end of every switch over a union of event or state types: a new member that a switch does
// not handle is a compile error here, and a value outside the union at run time (a corrupt row,
// a newer writer) throws instead of being ignored.
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
