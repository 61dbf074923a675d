// The check index answers exactly as the database does. Random histories of filings, listings,
// removals, objections, repairs and the passing of time are played through the services; then
// every subject (organisations and the persons named in them) is checked in every scenario on
// days across the history, once from the index (which followed the ledger) and once straight
// from the projections, and a freshly built index must agree with both.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ALL_STORES } from '../support/stores.ts';
import { addAgency, asActor, openTestPlatform, type TestPlatform } from '../support/platform.ts';
import { buildUscc } from '../../src/domain/ids/uscc.ts';
import { residentIdCheckCharacter, hashResidentId } from '../../src/domain/ids/resident-id.ts';
import { addDays, daysBetween } from '../../src/domain/dates.ts';
import { AppError } from '../../src/kernel/problems.ts';
import { personKey } from '../../src/domain/records.ts';
import { CheckIndex } from '../../src/features/checks/check-index.ts';
import type { Principal } from '../../src/kernel/principal.ts';
import type { AgencyPrincipal } from '../../src/kernel/principal.ts';
import { TEST_SECRET } from '../support/platform.ts';

const ORGS = [0, 1, 2, 3, 4].map((i) => buildUscc('9', '1', '330106', `7${String(1000000 + i * 7919).slice(0, 7)}`));
const PERSONS = [0, 1, 2].map((i) => {
  const body = `33010619${70 + i}0101${String(100 + i)}`;
  return body + residentIdCheckCharacter(body);
});

type Op =
  | { kind: 'judgment'; org: number; list: boolean; decide: 'add' | 'drop' }
  | { kind: 'restriction'; org: number }
  | { kind: 'serious'; org: number; types: string[] }
  | { kind: 'customs'; org: number; status: string }
  | { kind: 'rating'; org: number; rating: string }
  | { kind: 'agrade'; org: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'withdraw'; pick: number }
  | { kind: 'repair'; pick: number }
  | { kind: 'wait'; days: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('judgment' as const), org: fc.nat(4), list: fc.boolean(), decide: fc.constantFrom('add' as const, 'drop' as const) }),
  fc.record({ kind: fc.constant('restriction' as const), org: fc.nat(4) }),
  fc.record({
    kind: fc.constant('serious' as const),
    org: fc.nat(4),
    types: fc.subarray(['fine', 'licence-revocation', 'business-restriction', 'order-to-close'], { minLength: 1 }),
  }),
  fc.record({ kind: fc.constant('customs' as const), org: fc.nat(4), status: fc.constantFrom('advanced-certified', 'registered', 'untrustworthy') }),
  fc.record({ kind: fc.constant('rating' as const), org: fc.nat(4), rating: fc.constantFrom('green', 'blue', 'red') }),
  fc.record({ kind: fc.constant('agrade' as const), org: fc.nat(4) }),
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat(20) }),
  fc.record({ kind: fc.constant('withdraw' as const), pick: fc.nat(20) }),
  fc.record({ kind: fc.constant('repair' as const), pick: fc.nat(20) }),
  fc.record({ kind: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 400 }) }),
);

describe.each(ALL_STORES)('check index equals database checks on %s', (store) => {
  let t: TestPlatform | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('for random histories, every subject, scenario and day', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 25 }), async (ops) => {
        t = await openTestPlatform(store, '2025-01-06T02:00:00Z');
        const p = t.platform;
        const agencies: Record<string, AgencyPrincipal> = {};
        for (const [code, kind] of [
          ['court', 'court'],
          ['samr', 'market-regulation'],
          ['tax', 'tax'],
          ['customs', 'customs'],
          ['env', 'ecology-environment'],
        ] as const) {
          agencies[code] = (await addAgency(p, code, kind)).principal;
        }
        const as = (code: string): Principal => ({ kind: 'agency', agency: agencies[code]! });
        const run = <T>(code: string, fn: () => Promise<T>) => asActor({ type: 'agency', id: code }, fn);
        const today = () => p.policy.localDate(p.clock.now());
        let n = 0;
        const file = async (agency: string, record: Record<string, unknown>) => {
          try {
            return await run(agency, () => p.intake.submit(agencies[agency]!, [{ line: 1, value: record }]));
          } catch {
            return null; // a record the rules refuse (e.g. a date out of range) is part of the randomness
          }
        };
        await p.checks.start();
        // Every organisation is registered, naming one of three persons as legal representative.
        for (let i = 0; i < ORGS.length; i++) {
          await file('samr', {
            item: 'registration-basics',
            subject: { code: ORGS[i], name: `测试企业${i}` },
            decision: { number: `REG-${i}`, date: '2015-01-01', authority: '登记机关', basis: '条例' },
            fields: {
              legalForm: '有限责任公司',
              legalRepresentative: `人${i % 3}`,
              legalRepresentativeId: PERSONS[i % 3],
              establishedOn: '2015-01-01',
              address: '地址',
              status: 'in-business',
            },
          });
        }
        const decision = (prefix: string) => ({ number: `${prefix}-${++n}`, date: addDays(today(), -1), authority: '机关', basis: '依据' });
        for (const op of ops) {
          const subject = 'org' in op ? { code: ORGS[op.org]!, name: `测试企业${op.org}` } : undefined;
          switch (op.kind) {
            case 'judgment': {
              await file('court', {
                item: 'judgment-defaulter',
                subject,
                decision: decision('JD'),
                fields: {
                  caseNumber: `C${n}`,
                  executionBasis: 'B',
                  basisIssuer: '法院',
                  obligation: '付款',
                  performance: 'not-performed',
                  circumstances: ['able-but-refuses'],
                  until: addDays(today(), 500),
                  legalRepresentativeId: PERSONS[op.org % 3],
                },
              });
              if (!op.list) break;
              const [e] = await p.db.query<{ entry_id: string }>(
                "SELECT entry_id FROM list_entry WHERE state = 'proposed' AND deciding_agency = 'court' ORDER BY first_index DESC LIMIT 1",
              );
              if (!e) break;
              await run('court', () => p.lists.act(as('court'), e.entry_id, { type: 'notify', facts: '告知' }));
              // Past the period to state one's case: ten working days, longer across a holiday.
              t.clock.advance(20 * 86_400_000);
              const decide = () => run('court', () => p.lists.act(as('court'), e.entry_id, { type: 'decide', outcome: op.decide, reasons: '决定' }));
              await decide().catch(async (err: unknown) => {
                const from = err instanceof AppError ? (err.extensions.refusal as { possibleFrom?: string } | undefined)?.possibleFrom : undefined;
                if (!from) throw err;
                t!.clock.advance(daysBetween(today(), from) * 86_400_000);
                await decide();
              });
              break;
            }
            case 'restriction':
              await file('court', {
                item: 'consumption-restriction',
                subject,
                decision: decision('XF'),
                fields: { caseNumber: `X${n}`, restrictions: ['holiday-travel'], restrictedPersonId: PERSONS[(op.org + 1) % 3] },
              });
              break;
            case 'serious':
              await file('samr', {
                item: 'administrative-penalty-serious',
                subject,
                decision: decision('FS'),
                fields: { penaltyTypes: op.types, violatedProvision: '条款', facts: '事实' },
              });
              break;
            case 'customs':
              await file('customs', {
                item: 'customs-credit-status',
                subject,
                decision: decision('HG'),
                fields: { status: op.status, validUntil: addDays(today(), 300) },
              });
              break;
            case 'rating':
              await file('env', {
                item: 'environmental-credit-rating',
                subject,
                decision: decision('HB'),
                fields: { ratingYear: 2024, rating: op.rating, validUntil: addDays(today(), 200) },
              });
              break;
            case 'agrade': {
              await file('tax', {
                item: 'tax-a-grade-taxpayer',
                subject,
                decision: decision('SW'),
                fields: { evaluationYear: 2024, validUntil: addDays(today(), 365) },
              });
              const [e] = await p.db.query<{ entry_id: string }>(
                "SELECT entry_id FROM list_entry WHERE state = 'proposed' AND deciding_agency = 'tax' ORDER BY first_index DESC LIMIT 1",
              );
              if (e) await run('tax', () => p.lists.act(as('tax'), e.entry_id, { type: 'decide', outcome: 'add', reasons: 'A级' }));
              break;
            }
            case 'remove': {
              const entries = await p.db.query<{ entry_id: string; deciding_agency: string }>(
                "SELECT entry_id, deciding_agency FROM list_entry WHERE state = 'in-force' ORDER BY entry_id",
              );
              const e = entries[op.pick % Math.max(1, entries.length)];
              if (e)
                await run(e.deciding_agency, () =>
                  p.lists.act(as(e.deciding_agency), e.entry_id, { type: 'remove', reason: 'decision-revoked', reasons: '撤销' }),
                ).catch(() => undefined);
              break;
            }
            case 'withdraw': {
              const recs = await p.db.query<{ record_id: string; agency_code: string }>(
                "SELECT record_id, agency_code FROM credit_record_view WHERE status = 'active' AND item <> 'registration-basics' ORDER BY record_id",
              );
              const r = recs[op.pick % Math.max(1, recs.length)];
              if (!r) break;
              const o = await run(r.agency_code, () =>
                p.objections.file(as(r.agency_code), { target: { type: 'record', id: r.record_id }, reasons: '异议' }),
              ).catch(() => null);
              if (o) await run(r.agency_code, () => p.objections.decide(as(r.agency_code), o.objectionId, { outcome: 'withdrawn', reasons: '撤回' }));
              break;
            }
            case 'repair': {
              const recs = await p.db.query<{ record_id: string }>(
                "SELECT record_id FROM credit_record_view WHERE item = 'administrative-penalty-serious' AND status = 'active' ORDER BY record_id",
              );
              const r = recs[op.pick % Math.max(1, recs.length)];
              if (!r) break;
              // Approve a repair directly: the check cares about its effect, the lifecycle is tested elsewhere.
              await p.db.transaction(async (tx) => {
                const { appendAndProject } = await import('../../src/ledger/write.ts');
                const [row] = await tx.query<{ subject_key: string; pending_repair: string | null; publicity_ended_on: string | null }>(
                  'SELECT subject_key, pending_repair, publicity_ended_on FROM credit_record WHERE record_id = $1',
                  [r.record_id],
                );
                if (!row || row.publicity_ended_on) return;
                await appendAndProject(
                  tx,
                  [{ type: 'record.publicity-ended', subject: row.subject_key, data: { endedOn: today(), reason: 'repair', recordId: r.record_id } }],
                  { id: 'samr', type: 'agency' },
                  p.clock.now(),
                );
              });
              break;
            }
            case 'wait':
              t.clock.advance(op.days * 86_400_000);
              await p.tick();
              break;
          }
        }
        await p.checks.index.catchUp();
        const fresh = new CheckIndex(p.db, p.policy, p.checks.book);
        await fresh.build();
        const end = today();
        const days: string[] = [];
        for (let d = '2025-01-01'; d <= end; d = addDays(d, 61)) days.push(d);
        days.push(end);
        for (const code of [...ORGS, ...PERSONS]) {
          const isPerson = code.length === 18 && /^\d{17}/.test(code) && !ORGS.includes(code);
          const hash = isPerson ? hashResidentId(code, TEST_SECRET) : null;
          const key = hash ? personKey(hash) : code;
          const subject = { key, code, kind: isPerson ? 'natural-person' : 'enterprise', personHash: hash };
          for (const scenario of p.policy.scenarios.map((s) => s.code)) {
            for (const day of days) {
              const fromIndex = hash ? p.checks.index.evaluatePerson(hash, key, scenario, day) : { own: p.checks.index.evaluate(key, scenario, day), via: [] };
              const fromBuilt = hash ? fresh.evaluatePerson(hash, key, scenario, day) : { own: fresh.evaluate(key, scenario, day), via: [] };
              const fromDb = await p.checks.fromDatabase(subject, scenario, day);
              const shape = (e: typeof fromDb) => ({
                own: e.own.hits.map((h) => [
                  h.measure.code,
                  h.suppressed,
                  h.triggers.map((x) => ('entryId' in x.fact ? x.fact.entryId : x.fact.recordId)).sort(),
                ]),
                via: e.via.map((v) => [v.subjectKey, v.role, v.evaluation.hits.map((h) => h.measure.code)]),
              });
              expect(shape(fromIndex), `${code} ${scenario} ${day}`).toEqual(shape(fromDb));
              expect(shape(fromBuilt), `${code} ${scenario} ${day} (rebuilt)`).toEqual(shape(fromDb));
            }
          }
        }
        await t.close();
        t = undefined;
      }),
      { numRuns: store === 'pglite' ? 6 : 4, endOnFailure: true },
    );
    // A fixed amount of work (each history on a fresh store, every subject checked on every day
    // in every scenario three ways): the limit is there to end a hang, and a machine busy with
    // other work takes longer than the suite's default to do it.
  }, 360_000);
});
