// Canonical JSON (in the spirit of RFC 8785): object keys sorted by code unit, no white space,
// numbers as JavaScript prints them. The ledger hashes this form, so the same event always
// hashes the same however its keys were ordered when it was built.
//
// The write path builds its objects with keys already in order, so the common case is a
// check that walks the keys (cheap) followed by the engine's native JSON.stringify.

/** Whether JSON.stringify(value) is already canonical: sorted keys, finite numbers, no -0, no undefined. */
function alreadyCanonical(value: unknown, depth: number): boolean {
  if (depth > 64) return false;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (const v of value) if (v === undefined || !alreadyCanonical(v, depth + 1)) return false;
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return false;
      let prev: string | undefined;
      for (const k in value) {
        if (prev !== undefined && !(prev < k)) return false;
        const v = (value as Record<string, unknown>)[k];
        if (v === undefined || !alreadyCanonical(v, depth + 1)) return false;
        prev = k;
      }
      return true;
    }
    default:
      return false;
  }
}

function slowCanonical(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no representation for a non-finite number');
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : slowCanonical(v))).join(',')}]`;
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      const keys = Object.keys(value).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const v = (value as Record<string, unknown>)[k];
        if (v === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(k)}:${slowCanonical(v)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonical JSON has no representation for ${typeof value}`);
  }
}

export function canonicalJson(value: unknown): string {
  return alreadyCanonical(value, 0) ? JSON.stringify(value) : slowCanonical(value);
}
