// The JSON text of a check's answer, written by hand because it is the hottest response of the
// platform. What a measure or a trigger carries from the policy pack (names, legal basis,
// implementing authority) is the same object for every check, so its JSON is made once and
// kept beside it. The output is what JSON.stringify would give; a test on the wire proves it.
import type { CheckResult, MeasureView, TriggerView } from './check.service.ts';

const fragments = new WeakMap<object, string>();

/** The JSON of a pack object, made once: pack objects are never changed after loading. */
function packJson(value: object): string {
  let json = fragments.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    fragments.set(value, json);
  }
  return json;
}

const q = JSON.stringify as (value: string | null) => string;

function triggerJson(t: TriggerView): string {
  let out = `{"type":${q(t.type)},"id":${q(t.id)},"source":${q(t.source)},"sourceName":${packJson(t.sourceName)},"legalBasis":${packJson(t.legalBasis)}`;
  if (t.listedOn !== undefined) out += `,"listedOn":${q(t.listedOn)}`;
  if (t.until !== undefined) out += `,"until":${q(t.until)}`;
  if (t.decisionNumber !== undefined) out += `,"decisionNumber":${q(t.decisionNumber)}`;
  if (t.decisionDate !== undefined) out += `,"decisionDate":${q(t.decisionDate)}`;
  if (t.agency !== undefined) out += `,"agency":${q(t.agency)}`;
  return `${out},"disputed":${t.disputed},"underRepair":${t.underRepair}}`;
}

function measureJson(m: MeasureView): string {
  let out =
    `{"code":${q(m.code)},"name":${packJson(m.name)},"kind":${q(m.kind)},"effect":${q(m.effect)},"suppressed":${m.suppressed},` +
    `"legalBasis":${packJson(m.legalBasis)},"implementingAuthority":${packJson(m.implementingAuthority)},"triggers":[`;
  for (let i = 0; i < m.triggers.length; i++) out += (i === 0 ? '' : ',') + triggerJson(m.triggers[i]!);
  out += ']';
  if (m.via !== undefined) out += `,"via":{"subject":${q(m.via.subject)},"role":${q(m.via.role)}}`;
  return `${out}}`;
}

/** Strings of ASCII letters, digits and _ . : * + - (codes, ids, dates the platform made) need no escaping. */
const PLAIN = /^[\w.:*+-]*$/;

function plain(value: string): string {
  return PLAIN.test(value) ? `"${value}"` : q(value);
}

export function checkResultJson(r: CheckResult): string {
  let out =
    `{"checkId":${plain(r.checkId)},"subject":{"code":${plain(r.subject.code)},"kind":${plain(r.subject.kind)}},"scenario":${plain(r.scenario)},` +
    `"at":${plain(r.at)},"date":${plain(r.date)},"policyVersion":${plain(r.policyVersion)},"outcome":${plain(r.outcome)},"measures":[`;
  for (let i = 0; i < r.measures.length; i++) out += (i === 0 ? '' : ',') + measureJson(r.measures[i]!);
  return `${out}]}`;
}
