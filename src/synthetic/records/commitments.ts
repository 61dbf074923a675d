// Credit commitments (signed with a licence application, to repair credit, or of a subject's own
// accord) and the breaches found when a subject does not keep one.
import * as D from '../days.ts';
import type { AdministrativeRole } from '../agencies.ts';
import type { Organisation } from '../subjects.ts';
import { COMMITMENTS, type CommitmentType } from '../templates.ts';
import type { FieldValue, GeneratedRecord, RecordContext, SubjectRef } from './context.ts';

/** A credit commitment of `type` signed on `day`; a few subjects of low quality are later found to have broken it. */
export function commitment(
  ctx: RecordContext,
  o: Organisation,
  ref: SubjectRef,
  out: GeneratedRecord[],
  type: CommitmentType,
  day: number,
  kind: string,
  role?: AdministrativeRole,
): void {
  const r = ctx.r;
  if (day > o.end || day > ctx.today) return;
  const a = ctx.authority(kind, o.place, 'local', role);
  const fields: Record<string, FieldValue> = { commitmentType: type, content: COMMITMENTS[type] };
  const until = D.addYears(day, r.int(1, 3));
  fields.validUntil = D.iso(until);
  const ok = ctx.emit(
    out,
    kind,
    o.place,
    'credit-commitment',
    ctx.spelling(o, ref, kind),
    ctx.num.doc(a, '诺', D.yearOf(day)),
    day,
    a.name,
    '《国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见》（国办发〔2020〕49号）',
    fields,
    role,
  );
  // A few subjects break their commitment.
  if (ok && o.quality < 0.2 && r.chance(0.15)) {
    const found = day + r.int(30, 400);
    if (found > Math.min(ctx.today, o.end)) return;
    const bk = kind === 'market-regulation' ? 'market-regulation' : 'development-reform';
    const b = ctx.authority(bk, o.place);
    const breach =
      type === 'licence-application'
        ? '承诺已具备许可条件，经事后核查不符合许可条件'
        : type === 'credit-repair'
          ? '承诺已履行处罚决定规定的义务，经核查未履行'
          : '承诺依法依规经营，期间发生违法失信行为';
    ctx.emit(
      out,
      bk,
      o.place,
      'commitment-breach',
      ctx.spelling(o, ref, bk),
      ctx.num.doc(b, '违诺', D.yearOf(found)),
      found,
      b.name,
      '《国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见》（国办发〔2020〕49号）',
      {
        commitment: COMMITMENTS[type],
        breach,
      },
    );
  }
}
