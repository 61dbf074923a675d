// The forms of due process on a subject's own page: object to a record or list entry, state its
// case on a notified entry, apply for credit repair. Each is one service call, then back to /me
// with the outcome.
import { Type } from '@sinclair/typebox';
import { formSchema, type Portal } from '../../http/portal.ts';
import { ApplyRepairBody, FileObjectionBody } from './due-process.schemas.ts';
import type { ObjectionService } from './objection.service.ts';
import type { RepairService } from './repair.service.ts';
import type { ListService } from '../lists/list.service.ts';
import { STEP_BODIES } from '../lists/lists.schemas.ts';
import { checked } from '../../http/validation.ts';

// The forms hold the API's requests in flat fields; each request they make is held to the API's
// own schema (checked), so a form is refused exactly what the API refuses.
const { target: objectionTarget, reasons } = FileObjectionBody.properties;
const { target: repairTarget } = ApplyRepairBody.properties;
const text = Type.Optional(Type.String());

const ObjectionForm = formSchema({ targetType: objectionTarget.properties.type, targetId: objectionTarget.properties.id, reasons, evidence: text });
const StatementForm = formSchema({ entryId: text, statement: text });
const RepairForm = formSchema({
  targetType: repairTarget.properties.type,
  targetId: repairTarget.properties.id,
  evidence: text,
  commitment: text,
  signatory: text,
});

/** A text area of evidence: one item a line, blank lines dropped. */
const lines = (s: string | undefined) =>
  (s ?? '')
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean);

export function dueProcessPages(portal: Portal, deps: { objections: ObjectionService; repairs: RepairService; lists: ListService }): void {
  portal.meForm('/me/objections', ObjectionForm, 'objection', (subject, body) =>
    deps.objections.file(
      subject,
      checked(FileObjectionBody, { target: { type: body.targetType, id: body.targetId }, reasons: body.reasons, evidence: lines(body.evidence) }, 'the objection'),
    ),
  );

  portal.meForm('/me/statements', StatementForm, 'statement', (subject, body) =>
    deps.lists.act(subject, body.entryId ?? '', { type: 'statement', ...checked(STEP_BODIES.statement, { statement: body.statement ?? '' }, 'the statement') }),
  );

  portal.meForm('/me/repairs', RepairForm, 'repair', (subject, body) =>
    deps.repairs.apply(
      subject,
      checked(
        ApplyRepairBody,
        {
          target: { type: body.targetType, id: body.targetId },
          evidence: lines(body.evidence),
          commitment: { text: body.commitment ?? '', signatory: body.signatory ?? '' },
        },
        'the application',
      ),
    ),
  );
}
