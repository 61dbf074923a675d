// Random inspection draws that anyone can recompute ("double random, one public"): from a
// published seed, each tier's subjects are ordered by HMAC-SHA256(seed, date|subject) and the
// tier's rate of them taken; each selected subject gets the inspector ordered first by
// HMAC(seed, subject|inspector) among those without a conflict of interest, the least loaded
// first. The same seed, date and population always give the same draw.
import { createHash, createHmac } from 'node:crypto';

export interface Inspector {
  id: string;
  /** Subjects the inspector must not inspect (declared interests, relatives, former employers). */
  conflicts?: string[];
  /** Division-code prefixes the inspector must not inspect in (their own locality, if the rules say so). */
  excludedDivisions?: string[];
}

export interface DrawInput {
  seed: string;
  date: string;
  /** Subjects and their tiers. */
  population: ReadonlyArray<{ subject: string; tier: string }>;
  rates: Readonly<Record<string, number>>;
  inspectors?: readonly Inspector[];
}

export interface DrawResult {
  selected: Array<{ subject: string; tier: string; inspector: string | null }>;
  perTier: Record<string, { population: number; selected: number; rate: number }>;
  populationDigest: string;
}

function mac(seed: string, message: string): string {
  return createHmac('sha256', seed).update(message).digest('hex');
}

/** A digest of the population in a canonical order, recorded in the ledger with the draw. */
export function populationDigest(population: ReadonlyArray<{ subject: string; tier: string }>): string {
  const h = createHash('sha256');
  for (const p of [...population].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0))) h.update(`${p.subject}|${p.tier}\n`);
  return h.digest('hex');
}

function divisionOf(subject: string): string {
  return /^[0-9A-Z]{18}$/.test(subject) ? subject.slice(2, 8) : '';
}

export function draw(input: DrawInput): DrawResult {
  const byTier = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const p of input.population) {
    if (seen.has(p.subject)) throw new RangeError(`subject ${p.subject} appears twice in the population`);
    seen.add(p.subject);
    const list = byTier.get(p.tier);
    if (list) list.push(p.subject);
    else byTier.set(p.tier, [p.subject]);
  }
  const selected: DrawResult['selected'] = [];
  const perTier: DrawResult['perTier'] = {};
  for (const tier of [...byTier.keys()].sort()) {
    const subjects = byTier.get(tier)!;
    const rate = input.rates[tier] ?? 0;
    // A tolerance keeps floating point from taking one too many (0.07 × 100 = 7.000000000000001).
    const take = Math.max(0, Math.min(subjects.length, Math.ceil(rate * subjects.length - 1e-9))) + 0;
    const ordered = subjects.map((s) => ({ s, k: mac(input.seed, `${input.date}|${s}`) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    for (const { s } of ordered.slice(0, take)) selected.push({ subject: s, tier, inspector: null });
    perTier[tier] = { population: subjects.length, selected: take, rate };
  }
  const inspectors = input.inspectors ?? [];
  if (inspectors.length > 0) {
    const load = new Map(inspectors.map((i) => [i.id, 0]));
    for (const sel of selected) {
      const division = divisionOf(sel.subject);
      const candidates = inspectors
        .filter((i) => !i.conflicts?.includes(sel.subject) && !i.excludedDivisions?.some((d) => division.startsWith(d)))
        .map((i) => ({ i, load: load.get(i.id)!, k: mac(input.seed, `${sel.subject}|${i.id}`) }))
        .sort((a, b) => a.load - b.load || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
      const chosen = candidates[0];
      if (chosen) {
        sel.inspector = chosen.i.id;
        load.set(chosen.i.id, chosen.load + 1);
      }
    }
  }
  return { selected, perTier, populationDigest: populationDigest(input.population) };
}
