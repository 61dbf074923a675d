// Batch screening: a customer book (up to 10,000 names or codes at once) against the platform.
// For each line, the subjects it matches, ranked and explained (an exact code; a name's prefix or
// part, its pinyin or initials, a similar name), each with its list entries in force and the
// measures that apply in the scenario. Each match's measures are a credit check: logged, and shown
// to the subject, before the answer is sent. Persons are screened by identity number only, never
// found by a name.
import type { Principal } from '../../kernel/principal.ts';
import { AppError } from '../../kernel/problems.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Policy } from '../../domain/policy/policy.ts';
import type { ValidatedLine } from '../../http/ndjson.ts';
import type { SubjectSearch, SearchHit } from '../search/search.service.ts';
import type { CheckResult, CheckService } from '../checks/check.service.ts';
import type { CheckRequest } from '../checks/checks.schemas.ts';
import type { ListService } from '../lists/list.service.ts';
import type { PublicListEntryView } from '../lists/list-entry-view.ts';
import type { ScreeningRequestLine } from './screening.schemas.ts';
import { isPersonKey } from '../../domain/records.ts';
import { maskIdentityNumbers } from '../../domain/ids/redact.ts';

/** Lines one request may screen. */
export const MAX_SCREENING_LINES = 10_000;
/** Matches a name line may have. */
export const MAX_MATCHES = 10;
/** Searches run at once. */
const CONCURRENCY = 4;

/** How a match was found, in words a compliance officer reads. */
const WHY: Record<string, string> = {
  code: 'the code is this subject’s',
  'code-prefix': 'the subject’s code starts with the query',
  name: 'the name (traditional characters, brackets and spacing folded) equals, starts with, contains or resembles the query',
  pinyin: 'the name’s pinyin equals, starts with or contains the query',
  initials: 'the initials of the name’s pinyin equal or start with the query',
};

export interface ScreeningMatch {
  rank: number;
  code: string;
  name: string | null;
  kind: string;
  score: number;
  matched: string;
  why: string;
  lists: PublicListEntryView[];
  check: { checkId: string; outcome: string; measures: CheckResult['measures'] } | { error: { type: string; detail: string } };
}

export type ScreeningAnswer =
  | { line: number; ref: string | null; query: { code: string } | { name: string }; matches: ScreeningMatch[] }
  | { line: number; ref: string | null; error: { type: string; detail: string } };

interface Found {
  key: string;
  code: string;
  name: string | null;
  kind: string | null;
  score: number;
  matched: string;
}

export class ScreeningService {
  constructor(
    private readonly search: SubjectSearch,
    private readonly checks: CheckService,
    private readonly lists: ListService,
    private readonly policy: Policy,
    private readonly clock: Clock,
  ) {}

  /** Refuses a request before its lines are read: a subject's own account, or too many lines. */
  admit(p: Principal, lines: number): void {
    if (p.kind === 'account' && p.account.role === 'subject')
      throw new AppError('forbidden', 'screening is for agencies and the oversight roles, not a subject');
    if (lines > MAX_SCREENING_LINES)
      throw new AppError('payload-too-large', `at most ${MAX_SCREENING_LINES} lines a request; this one has ${lines}: send the rest in another`);
  }

  async screen(
    p: Principal,
    lines: ReadonlyArray<ValidatedLine<ScreeningRequestLine>>,
    options: { scenario: string; limit?: number },
  ): Promise<ScreeningAnswer[]> {
    this.admit(p, lines.length);
    if (!this.policy.scenario(options.scenario))
      throw new AppError('validation-failed', `scenario must be one of ${this.policy.scenarios.map((s) => s.code).join(', ')}`, {
        errors: [{ field: 'querystring.scenario', message: 'is not a scenario of the pack' }],
      });
    const limit = options.limit ?? 5;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_MATCHES)
      throw new AppError('validation-failed', `limit is a whole number from 1 to ${MAX_MATCHES}`, {
        errors: [{ field: 'querystring.limit', message: `must be 1 to ${MAX_MATCHES}` }],
      });
    const found = await pooled(lines, CONCURRENCY, (l) => this.find(l, limit));

    // One check per match, all logged together before anything is answered.
    const requests: Array<ValidatedLine<CheckRequest>> = [];
    for (const f of found)
      if (Array.isArray(f)) for (const m of f) requests.push({ line: requests.length + 1, value: { subject: m.code, scenario: options.scenario } });
    const checked = requests.length > 0 ? await this.checks.checkMany(p, requests) : [];
    const today = this.policy.localDate(this.clock.now());
    const entries = await this.lists.inForceOf(
      found.flatMap((f) => (Array.isArray(f) ? f.map((m) => m.key) : [])),
      today,
      'screened',
    );

    let n = 0;
    return lines.map((l, i): ScreeningAnswer => {
      // Echoed with any identity number in it masked, as every answer does.
      const ref = 'value' in l && l.value.ref !== undefined ? maskIdentityNumbers(l.value.ref) : null;
      const f = found[i]!;
      if (!Array.isArray(f)) return { line: l.line, ref, error: { type: f.type, detail: maskIdentityNumbers(f.detail) } };
      const value = (l as { value: ScreeningRequestLine }).value;
      const matches = f.map((m, rank): ScreeningMatch => {
        const c = checked[n++]!;
        return {
          rank: rank + 1,
          code: c.result?.subject.code ?? maskIdentityNumbers(m.code),
          name: m.name,
          kind: c.result?.subject.kind ?? m.kind ?? 'unknown',
          score: m.score,
          matched: m.matched,
          why: WHY[m.matched] ?? m.matched,
          lists: entries.get(m.key) ?? [],
          check: c.result
            ? { checkId: c.result.checkId, outcome: c.result.outcome, measures: c.result.measures }
            : { error: { type: c.error!.type, detail: maskIdentityNumbers(c.error!.detail) } },
        };
      });
      return { line: l.line, ref, query: value.code !== undefined ? { code: matches[0]?.code ?? '' } : { name: maskIdentityNumbers(value.name!) }, matches };
    });
  }

  /** The subjects a line matches, best first, or why the line cannot be screened. */
  private async find(l: ValidatedLine<ScreeningRequestLine>, limit: number): Promise<Found[] | { type: string; detail: string }> {
    if ('errors' in l)
      return { type: '/problems/validation-failed', detail: l.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ') };
    const { code, name } = l.value;
    if ((code === undefined) === (name === undefined)) return { type: '/problems/validation-failed', detail: 'a line gives a code or a name: one of them' };
    try {
      if (code !== undefined) {
        const key = this.checks.subjectKeyOf(code);
        // An organisation's name, when the platform holds it; a person is never named here.
        const [hit] = isPersonKey(key) ? [] : await this.search.search(code, { limit: 1 });
        const named = hit && hit.matched === 'code' ? hit : null;
        return [{ key, code: named?.code ?? code, name: named?.name ?? null, kind: named?.kind ?? null, score: 1, matched: 'code' }];
      }
      const hits: SearchHit[] = await this.search.search(name!, { limit });
      return hits.map((h) => ({ key: h.subjectKey, code: h.code, name: h.name, kind: h.kind, score: h.score, matched: h.matched }));
    } catch (err) {
      if (err instanceof AppError) return { type: `/problems/${err.code}`, detail: err.detail };
      throw err;
    }
  }
}

/** Runs fn over the items, at most `width` at a time, keeping their order. */
async function pooled<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}
