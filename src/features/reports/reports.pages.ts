// The reports' pages: ask for a credit report (public for anyone, full for the subject's own
// session; counted against the same per-client budget as the API), verify one by its code (its
// signature, its checkpoint and every record's proof), and a public record's ledger proof.
// Issuing a report is a change (it is signed, stored and counted), so it is a form posted with
// its CSRF token, never a link a page of another site could follow.
import { Type } from '@sinclair/typebox';
import { formSchema, type Portal } from '../../http/portal.ts';
import { reportForm } from '../../http/page-parts.ts';
import { html, table, type Raw } from '../../http/html.ts';
import { t, type Lang } from '../../http/i18n.ts';
import type { RateLimiter } from '../../http/rate-limit.ts';
import { AppError } from '../../kernel/problems.ts';
import type { Principal } from '../../kernel/principal.ts';
import { runWithContext } from '../../kernel/request-context.ts';
import { maskIdentityNumbers } from '../../domain/ids/redact.ts';
import { enumLabel } from '../../domain/labels.ts';
import type { RecordProof, ReportService } from './report.service.ts';
import type { ProofsCheck } from './report-proofs.ts';
import { clientOf } from './report-client.ts';

const ReportForm = formSchema({
  subject: Type.Optional(Type.String({ maxLength: 100 })),
  scope: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('full')])),
});

export function reportPages(portal: Portal, deps: { reports: ReportService; limit: RateLimiter }): void {
  const { reports } = deps;

  // The form alone: following a link to it issues nothing.
  portal.page('/reports/new', async (request, reply, v) => {
    const q = request.query as { subject?: string; scope?: string };
    const scope = q.scope === 'full' ? 'full' : 'public';
    const subject = typeof q.subject === 'string' ? q.subject.trim().slice(0, 100) : '';
    const csrf = portal.formToken(v, request, reply);
    return portal.show(request, reply, v, t('report', v.lang), reportFormPage(v.lang, csrf, subject, scope));
  });

  portal.form('/reports/new', ReportForm, async (request, reply, v, body) => {
    const refused = portal.formCsrfRefused(v, request, reply, body._csrf);
    if (refused) return refused;
    const scope = body.scope ?? 'public';
    const fail = (status: number, detail: string) =>
      portal.show(
        request,
        reply,
        v,
        t('report', v.lang),
        html`<h1>${t('report', v.lang)}</h1>
          <p role="alert" class="error">${maskIdentityNumbers(detail)}</p>`,
        status,
      );
    const subject = (body.subject ?? '').trim();
    if (!subject) return fail(422, v.lang === 'zh' ? '请指定主体。' : 'Name a subject.');
    try {
      // The service decides who may have which report; the rate limit counts only those it admits.
      const principal: Principal | null = v.account ? { kind: 'account', account: v.account } : null;
      const admit = () => deps.limit.take(clientOf(principal, request));
      const r = await runWithContext(request.context, () => reports.issueFor(principal, { subject, scope, lang: v.lang }, admit));
      return reply.redirect(`/v1/reports/${encodeURIComponent(r.code)}/html`, 303);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return fail(err.status, err.detail);
      throw err;
    }
  });

  portal.page('/reports/verify', async (request, reply, v) => {
    const code = maskIdentityNumbers(
      String((request.query as { code?: string }).code ?? '')
        .trim()
        .slice(0, 40),
    );
    const result = code ? await reports.verify(code) : null;
    const body = html`<h1>${t('verifyReport', v.lang)}</h1>
      <form method="get" action="/reports/verify" class="search">
        <label for="code" style="width:100%;margin:0">${t('verificationCode', v.lang)}</label>
        <input id="code" name="code" value="${code}" required />
        <button type="submit">${t('verify', v.lang)}</button>
      </form>
      ${
        result
          ? result.valid
            ? html`<p class="notice" role="status">
                  ${v.lang === 'zh' ? '核验通过：报告真实、未被篡改。' : 'Verified: the report is authentic and unaltered.'}
                </p>
                ${result.proofs ? proofsTable(v.lang, result.proofs) : ''}
                <pre>${JSON.stringify(result, null, 2)}</pre>`
            : html`<p class="error" role="alert">${v.lang === 'zh' ? '核验未通过' : 'Not verified'}: ${enumLabel('verification', String(result.reason), v.lang)}</p>
                ${['bad-proof', 'unproven', 'record-mismatch'].includes(result.reason) ? html`<p>${result.detail}</p>` : ''} ${result.proofs ? proofsTable(v.lang, result.proofs) : ''}`
          : ''
      }`;
    return portal.show(request, reply, v, t('verifyReport', v.lang), body);
  });

  // A record's ledger proof, linked from its public page: only for a record in publicity now.
  portal.page('/records/:recordId/proof', async (request, reply, v) => {
    const { recordId } = request.params as { recordId: string };
    const asked = (request.query as { version?: string }).version;
    const version = typeof asked === 'string' && /^[1-9][0-9]{0,8}$/.test(asked) ? Number(asked) : undefined;
    try {
      const proof = await reports.recordProof(recordId, version);
      return portal.show(request, reply, v, ledgerProofTitle(v.lang), recordProofPage(v.lang, proof));
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'record-not-found') throw err;
      return portal.show(
        request,
        reply,
        v,
        t('notFound', v.lang),
        html`<h1>${t('notFound', v.lang)}</h1>
          <p role="alert" class="error">${maskIdentityNumbers(err.detail)}</p>`,
        err.status,
      );
    }
  });
}

const ledgerProofTitle = (lang: Lang) => (lang === 'zh' ? '账本存证证明' : 'Ledger proof');

/** Where the log API serves an event (a subject's to the subject and the oversight roles) and its inclusion proof (to anyone). */
const entryUrl = (log: number, index: number) => `/v1/log/entries/${log}/${index}`;
const inclusionUrl = (log: number, index: number, size?: number) => `/v1/log/proofs/inclusion?log=${log}&index=${index}${size === undefined ? '' : `&size=${size}`}`;

/** Each record's proof as the verification checked it. */
function proofsTable(lang: Lang, proofs: ProofsCheck): Raw {
  const zh = lang === 'zh';
  return table(
    zh ? ['记录编号', '账本', '序号', '存证证明', '事件内容'] : ['Record', 'Log', 'Index', 'Inclusion proof', 'Event bytes'],
    proofs.records,
    (r) => [
      r.recordId,
      r.log,
      html`<a href="${inclusionUrl(r.log, r.index)}">${r.index}</a>`,
      r.verified ? (zh ? '通过' : 'verified') : `${zh ? '未通过' : 'failed'}: ${r.detail ?? ''}`,
      r.payload === 'checked' ? (zh ? '已核对' : 'checked') : zh ? '未随报告提供' : 'not in the report',
    ],
    zh
      ? `账本检查点 #${proofs.checkpoint.id}（${proofs.checkpoint.origin}，共 ${proofs.checkpoint.size} 个事件）`
      : `Ledger checkpoint #${proofs.checkpoint.id} (${proofs.checkpoint.origin}, ${proofs.checkpoint.size} events)`,
  );
}

function recordProofPage(lang: Lang, p: RecordProof): Raw {
  const zh = lang === 'zh';
  const e = p.event;
  const rows: Array<[string, unknown]> = [
    [zh ? '记录编号' : 'Record id', p.recordId],
    [zh ? '版本' : 'Version', p.version === p.currentVersion ? p.version : zh ? `${p.version}（现为第 ${p.currentVersion} 版）` : `${p.version} (now version ${p.currentVersion})`],
    [zh ? '账本' : 'Log', e.log],
    [zh ? '事件序号' : 'Event index', e.index],
    [zh ? '叶哈希（SHA-256）' : 'Leaf hash (SHA-256)', html`<code>${e.leafHash}</code>`],
    [zh ? '账本检查点' : 'Checkpoint', `#${p.checkpoint.id}, ${p.checkpoint.madeAt}`],
    [zh ? '检查点时该账本的事件数' : "The log's size at the checkpoint", p.checkpoint.logSize],
  ];
  return html`<h1>${ledgerProofTitle(lang)}</h1>
    <p>
      ${
        zh
          ? '该版本的信用记录由下列账本事件记载。平台签署的检查点承诺各账本的全部事件，以下存在证明（RFC 9162）表明该事件在检查点所承诺的账本之中，任何人均可独立核验。'
          : 'This version of the record is held by the ledger event below. The signed checkpoint commits to every event of every log; the inclusion proof (RFC 9162) shows the event is in it, and anyone can check it.'
      }
    </p>
    <table>
      <tbody>
        ${rows.map(
          ([k, val]) =>
            html`<tr>
              <th scope="row">${k}</th>
              <td>${val}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <ul>
      <li><a href="${inclusionUrl(e.log, e.index, p.checkpoint.logSize)}">${zh ? '存在证明（JSON）' : 'Inclusion proof (JSON)'}</a></li>
      <li>
        <a href="${entryUrl(e.log, e.index)}">${zh ? '账本事件（JSON，仅主体本人及监督人员可读）' : 'The event (JSON; for the subject and the oversight roles)'}</a>
      </li>
      <li><a href="/v1/log/checkpoint">${zh ? '最新检查点' : 'The latest checkpoint'}</a></li>
    </ul>
    <h2>${zh ? '存在证明' : 'Inclusion proof'}</h2>
    <ol>
      ${e.inclusionProof.map((h) => html`<li><code>${h}</code></li>`)}
    </ol>
    <h2>${zh ? '检查点' : 'Checkpoint'} #${p.checkpoint.id}</h2>
    <pre>${p.checkpoint.note}</pre>`;
}

function reportFormPage(lang: Lang, csrf: string, subject: string, scope: 'public' | 'full'): Raw {
  return html`<h1>${t('report', lang)}</h1>
    <p class="note">
      ${
        scope === 'full'
          ? lang === 'zh'
            ? '完整版信用报告仅向主体本人出具。'
            : 'A full report is issued only to the subject itself.'
          : lang === 'zh'
            ? '公开版信用报告载明平台公示的全部信息，经电子签名，可凭核验码核验。'
            : 'A public report holds everything the platform publishes about the subject, signed, and can be verified by its code.'
      }
    </p>
    ${reportForm(lang, csrf, subject, scope)}`;
}
