-- Projections of the due-process workflows: list entries, objections and repair applications.
-- Their texts (notices, statements, reasons, evidence, commitments) stay in the ledger events.
CREATE TABLE list_entry (
  subject_key       text NOT NULL,
  entry_id          text NOT NULL,
  list              text NOT NULL,
  state             text NOT NULL,
  deciding_agency   text NOT NULL,
  basis_records     text[] NOT NULL,
  origin            text NOT NULL,
  proposed_on       date NOT NULL,
  requested_until   date,
  notice_served_on  date,
  notice_deadline   date,
  statement_on      date,
  decided_on        date,
  listed_on         date,
  until             date,
  removed_on        date,
  removal_reason    text,
  open_objections   integer NOT NULL DEFAULT 0,
  pending_repair    text,
  first_seq         bigint NOT NULL,
  last_seq          bigint NOT NULL,
  PRIMARY KEY (subject_key, entry_id)
);
CREATE UNIQUE INDEX list_entry_id_idx ON list_entry (entry_id);
CREATE INDEX list_entry_list_idx ON list_entry (list, state);
CREATE INDEX list_entry_agency_idx ON list_entry (deciding_agency, state);

CREATE TABLE objection (
  subject_key      text NOT NULL,
  objection_id     text NOT NULL,
  target_type      text NOT NULL,
  target_id        text NOT NULL,
  state            text NOT NULL,
  filed_on         date NOT NULL,
  filed_by         text NOT NULL,
  deciding_agency  text NOT NULL,
  deadline         date NOT NULL,
  decided_on       date,
  outcome          text,
  first_seq        bigint NOT NULL,
  last_seq         bigint NOT NULL,
  PRIMARY KEY (subject_key, objection_id)
);
CREATE UNIQUE INDEX objection_id_idx ON objection (objection_id);
CREATE INDEX objection_queue_idx ON objection (deciding_agency, state, deadline);

CREATE TABLE repair_application (
  subject_key      text NOT NULL,
  repair_id        text NOT NULL,
  target_type      text NOT NULL,
  target_id        text NOT NULL,
  state            text NOT NULL,
  applied_on       date NOT NULL,
  decide_by        date NOT NULL,
  deciding_agency  text NOT NULL,
  decided_on       date,
  first_seq        bigint NOT NULL,
  last_seq         bigint NOT NULL,
  PRIMARY KEY (subject_key, repair_id)
);
CREATE UNIQUE INDEX repair_id_idx ON repair_application (repair_id);
CREATE INDEX repair_queue_idx ON repair_application (deciding_agency, state, decide_by);

-- The scheduler finds records whose publicity window has closed but not yet been marked.
CREATE INDEX credit_record_publicity_end_idx ON credit_record (publicity_end) WHERE publicity_ended_on IS NULL AND publicity_end IS NOT NULL;
