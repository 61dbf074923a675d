// Generated from openapi.json by openapi-typescript (npm run client in the xinyong repository). Do not edit.

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness and store health */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agency/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An agency's work: proposals to notify or decide (soonest notice deadline, then oldest proposal first), objections and repairs (soonest deadline first) */
        get: operations["getAgencyQueue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalogue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The catalogue of record types, with legal bases, fields and disclosure levels */
        get: operations["getCatalogue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/checks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Credit check: which measures apply to a subject in a scenario (now, or at a past instant)
         * @description JSON {subject, scenario, at?} answers one check; application/x-ndjson with one such object per line answers many, one result per line. Every measure comes with the list entry or record that triggered it, its legal basis, effect and implementing authority. The outcome is the strongest effect (prohibit > restrict > enhanced-scrutiny > priority > simplified-procedure); rewards are suppressed while a restriction applies. Every check is logged, and answered only once it is: when the store cannot log it in time (XINYONG_CHECK_WAIT_SECONDS) the answer is 503 store-unavailable with Retry-After.
         */
        post: operations["runCheck"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/checks/{id}/feedback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Report the action taken on a check (the agency that ran it) */
        post: operations["reportCheckFeedback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/credit-consents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The calling lender's recorded authorisations, newest first */
        get: operations["listConsents"];
        put?: never;
        /**
         * Record a subject's written authorisation to inquire (lenders only)
         * @description The person (or the enterprise through its authorised representative) authorised this lender to inquire for the purposes listed, from signedOn through expiresOn (Regulation art. 18). Recorded as a credit.consent-recorded event on the subject's log; the identity number is kept as a keyed hash and shown masked. The same reference and content again answers 200; other content under it is 409.
         */
        post: operations["recordConsent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/credit-consents/{reference}/withdrawal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record the subject's withdrawal of an authorisation, effective today (lenders only) */
        post: operations["withdrawConsent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/credit-inquiries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The calling lender's inquiries, newest first */
        get: operations["listInquiries"];
        put?: never;
        /**
         * Inquire into a subject's credit and receive its credit report (lenders only)
         * @description {subject, purpose, consent}: the purpose is one of the pack's inquiry purposes, the consent the reference of the subject's written authorisation covering it, valid today (signed by today, through its expiresOn day, not withdrawn). Post-loan management may go without one when the lender holds an open account of the subject. Refused (403 consent-required, consent-not-valid with its reason, purpose-not-permitted; 422 for an unknown purpose or identity) with nothing recorded; answered (201) only after the inquiry is on record (a credit.inquiry event on the subject's log), with the report as of today.
         */
        post: operations["inquireIntoCredit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/credit-objections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every furnisher's credit objections in a state, escalated by default (administrators and auditors) */
        get: operations["listCreditObjections"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/escalations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Objections and repair applications past their deadline (administrators and auditors) */
        get: operations["listEscalations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/evaluations/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A subject's evaluations: in full (score, every factor, the records behind it) for the subject, agencies and oversight; the tier only, where published, for the public */
        get: operations["getEvaluations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/evaluations/{code}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A subject's evaluation history: each change in tier, eligibility, tier rule or version, and when it was recorded
         * @description For the subject itself, agencies, administrators and auditors (logged in the access log, but for the subject). Newest first, at most 500. The tiers are those computed; manual overrides are ledger events, shown in every evaluation (also as of a past instant). An ended row (ended: true, not eligible, no tier) means the scorecard stopped producing a result for the subject. A scorecard that mirrors an authority's grade (the tax credit grade) lists only the grades the authority filed, each naming its record (filed), and their ends: a result the platform computed under its code (a score, no filed record) is left out, as it is from every evaluation, now and as of a past instant.
         */
        get: operations["getEvaluationHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/evaluations/{code}/override": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Override a tier (administrators), with a reason; {lift: true} lifts it. Shown in every explanation, never silent. */
        post: operations["overrideTier"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/lists/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who is on a list on a day, as one file (NDJSON, CSV or FollowTheMoney entities), with no cap, its SHA-256 and the checkpoint it reflects
         * @description A list's export of a day is kept as first made once the day has ended (the scheduler's first run of the next day, or that day's first request): every download of it is the same bytes, and the delta between two kept days is exact. Today's export, and a day never kept, are read as known now (x-xinyong-export-kept: false). In entry id order; FollowTheMoney: a Sanction (program, legal basis as provisions, authority, dates) and the Company, Organization or Person it names, per entry. Each natural person exported is access-logged.
         */
        get: operations["exportList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/lists/{code}/delta": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The changes from one day's export of a list to another's (by default yesterday's to today's), as a delta file
         * @description Every line (an entry; in FollowTheMoney, an entity) added, changed or deleted, in key order: in NDJSON and FollowTheMoney {"op": "ADD" | "MOD" | "DEL", "entity": <the line>}, in CSV an `op` column before the export's. ADD and MOD carry the line as it is in the newer file, DEL as it was. Apply them by key (entryId; the entity id) to the older file and keep the key order: the result is the newer file, byte for byte. x-xinyong-delta counts the operations; the checkpoint is the newer export's.
         */
        get: operations["exportListDelta"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/lists/{code}/manifest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A list's export of a day: its files in every format with their SHA-256 and size, whether it is kept, and the checkpoint it reflects */
        get: operations["getListExportManifest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every record public on a day, as one file (NDJSON or CSV), with no cap, its SHA-256 and the checkpoint it reflects
         * @description What the portal shows of each record in publicity that day: its item and legal basis, the disclosed parts of its decision, its public fields (a person's identity number masked), its publicity window, whether it is disputed or under repair, and its subject. In record id order. A day's public records are kept as first made once the day has ended (the scheduler's first run of the next day, or that day's first request): every download of them is the same bytes, and the delta between two kept days is exact. Today's, and a day's never kept, are read as known now (x-xinyong-export-kept: false). Each natural person exported is access-logged.
         */
        get: operations["exportPublicRecords"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/records/delta": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The changes from one day's public records to another's (by default yesterday's to today's): records that entered publicity, changed, or left it
         * @description Every record added (entered publicity), changed (corrected, disputed, under repair) or deleted (publicity ended: expiry, repair, withdrawal), in record id order: in NDJSON {"op": "ADD" | "MOD" | "DEL", "entity": <the line>}, in CSV an `op` column before the export's. ADD and MOD carry the record as it is in the newer file, DEL as it was. Apply them by recordId to the older file and keep the order: the result is the newer file, byte for byte. x-xinyong-delta counts the operations; the checkpoint is the newer day's.
         */
        get: operations["exportPublicRecordsDelta"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/exports/records/manifest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A day's public records: their files in every format with their SHA-256 and size, whether kept, what changed that day, and the checkpoint */
        get: operations["getPublicRecordsManifest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/furnishing/accounts/{account}/statements/{month}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every version of one of the furnisher's account-months, oldest first */
        get: operations["getAccountMonth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/furnishing/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The calling furnisher's batches, in the order accepted */
        get: operations["listBatches"];
        put?: never;
        /**
         * Furnish a month's batch of accounts, statements, notices and consents (furnishers only)
         * @description A batch is validated whole against the data standard (GET /v1/catalogue lists the pack; furnishing.yaml holds the standard) and stored all or nothing as one ledger event (furnishing.batch) that commits to its lines by a Merkle root. Send NDJSON, CSV with a header row, or a JSON array. Resubmitting the same batch answers it again (200, duplicate); a later batch restating an account or an account-month adds a new version.
         */
        post: operations["furnishBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/furnishing/objections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The calling furnisher's credit objections waiting for its answer, soonest due first */
        get: operations["listObjectionsToAnswer"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/furnishing/objections/{id}/answer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Answer a credit objection to your account: upheld and corrected (citing the batch of the correction), or rejected with an explanation */
        post: operations["answerCreditObjection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inspections/draws": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Draw subjects for inspection by tier from a published seed (administrators); anyone can recompute it */
        post: operations["drawInspections"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inspections/draws/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A draw: its seed, rates, population digest and selection */
        get: operations["getInspectionDraw"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inspections/draws/{id}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recompute a draw from its seed and kept population; identical or not */
        get: operations["verifyInspectionDraw"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/list-entries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A list entry: public while in force; its subject and deciding agency always see it */
        get: operations["getListEntry"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/list-entries/{id}/{step}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A lifecycle step: notice, statement, decision, extension or removal
         * @description notice {facts}: the deciding agency tells the subject the facts, basis and its right to state its case, with a deadline in working days. statement {statement}: the subject (or the agency recording it). decision {outcome: add|drop, reasons}: adding needs notice first and the statement or the end of the notice period; on a list with no period to state one's case the notice is served with the decision (two ledger events), so nothing is listed without notice. extension {until, reasons}. removal {reason, reasons}.
         */
        post: operations["takeListEntryStep"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every list with its legal basis and the number of entries in force */
        get: operations["listLists"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lists/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A list definition: area, inclusion rule, duration, notice, removal */
        get: operations["getList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lists/{code}/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The change feed of a list, for systems that keep a copy: every entry listed, changed or ended after a cursor, in order
         * @description Start with after=0 and pass `next` (opaque) back until `more` is false; later, poll with the last `next`. Apply each change by entryId: `listed` puts or replaces the entry, `ended` deletes it. An entry also ends on its `until` day, which the feed reports once the platform's daily run has ended it; the feed does not repeat whom an ended entry named. A subject renamed by a new registration record changes its entries in force: each is sent again with the new name (one whose `until` day has passed comes as ended then, and again when the daily run ends it). Entries one change touched share its `log` and `index` and come on one page, which may then hold more than `limit` changes. Each natural person shown is access-logged.
         */
        get: operations["followListChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/lists/{code}/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is on a list on a day (default today); as of any past day */
        get: operations["listEntriesOnDay"];
        put?: never;
        /** Propose an entry (an agency of a proposing kind), on records that meet the inclusion rule */
        post: operations["proposeListEntry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/log/checkpoint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The ledger's latest signed checkpoint, with the witnesses' cosignatures
         * @description A C2SP tlog-checkpoint in a C2SP signed note: the origin, the number of entries in all logs, the root over the logs’ heads, and one line `log <n> <size> <base64 root>` per log; then a blank line and the signature lines: the platform’s (Ed25519, key name the origin; GET /v1/log/keys) and each witness’s cosignature (C2SP tlog-cosignature v1). A checkpoint is made first if the ledger has moved, so it is never older than the request.
         */
        get: operations["getLatestCheckpoint"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/log/checkpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A checkpoint the platform signed, by its number, with the witnesses’ cosignatures
         * @description Any stored checkpoint, in the form of GET /v1/log/checkpoint, with the cosignatures of its text, so that a witness or an auditor can fetch a past checkpoint, not only the latest. Checkpoints are numbered from 1 in the order they were made. 404 checkpoint-not-found if there is no checkpoint of that number.
         */
        get: operations["getCheckpoint"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/log/cosignatures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A witness's cosignature of a checkpoint
         * @description The body (text/plain) is a signed note whose text is one of the platform’s checkpoints, byte for byte, carrying a cosignature (C2SP tlog-cosignature v1) by a configured witness (GET /v1/log/keys). It is kept, one per witness per checkpoint text (a newer one, by its time, replaces it; an older one does not: 200 with `kept` false), and served with the checkpoint while the witness is configured. 404 if the text is no checkpoint of the platform; 403 if no configured witness signed it; 422 if the cosignature does not verify.
         */
        post: operations["addCosignature"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/log/entries/{log}/{index}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An entry of a log: its bytes and leaf hash
         * @description An entry of the platform log (0: agencies, policy, inspection draws) is public. An entry of a subject’s log holds everything its event says, beyond what is public, so it is shown only to the subject’s account and to administrators and auditors, and the view is access-logged. Anyone can prove an entry’s inclusion by its leaf hash (GET /v1/log/proofs/inclusion).
         */
        get: operations["getLogEntry"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/log/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The keys that verify the log's checkpoints, and the witnesses' */
        get: operations["getLogKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/log/proofs/consistency": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Consistency proofs from one checkpoint to a later one, one per log
         * @description RFC 9162 §2.1.4: each proves that the log at its size in `to` extends the log at its size in `from`; verify each against the roots of the two checkpoints. 409 log-not-extended if a log is smaller in `to` than in `from`; 404 if a log has not grown to its size in `to`.
         */
        get: operations["getConsistencyProofs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/log/proofs/inclusion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The inclusion proof of an entry in its log
         * @description RFC 9162 §2.1.3: verify it with the entry’s leaf hash against the log’s root in a checkpoint of that size.
         */
        get: operations["getInclusionProof"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Everything about the logged-in subject: all records at every disclosure level, list entries, objections, repairs */
        get: operations["getOwnRecord"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/checks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Checks run about the logged-in subject: who asked, when, for what */
        get: operations["listChecksAboutMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/credit-objections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your credit objections and their states, newest first */
        get: operations["listOwnCreditObjections"];
        put?: never;
        /**
         * Object to one of your credit accounts, or one month of it (Regulation art. 25)
         * @description The item shows a dispute mark at once; the furnisher answers within 20 calendar days of receipt (due on = filed on + 20 days), or the objection escalates to the regulator.
         */
        post: operations["objectToCreditAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/credit-report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The subject's own financial credit report (free twice a calendar year, then for the stated fee)
         * @description Regulation art. 17: the first two own reports of a calendar year are free. The answer states how many were served, how many free ones remain and the fee of the next. A report beyond the free ones is served only with acceptFee=true, otherwise 402 fee-not-accepted naming the fee. Each report served is an own-query inquiry record.
         */
        get: operations["getOwnCreditReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/credit-score-history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The subject's credit score history, newest first
         * @description A row whenever the score the platform computed changed: served to a lender (inquiry) or to the person (own-report), or found by the daily rescoring. A report as of a date computes its score from that date's data under the scorecard then in force; the history records what was computed and when. A page holds the 100 newest rows, or those numbered below `before`; `next` links the page of older rows, null when none is left.
         */
        get: operations["getOwnScoreHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/credit-statement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Add or replace your personal statement (本人声明) on your credit report: at most 500 characters */
        put: operations["putPersonalStatement"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/measures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The measure list: restrictions and rewards, triggers, scenarios, legal basis */
        get: operations["listMeasures"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/objections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Object to a record or list entry (the subject concerned, or an agency) */
        post: operations["fileObjection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/objections/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An objection */
        get: operations["getObjection"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/objections/{id}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decide an objection (the supplying or deciding agency): maintained, corrected (with the correction) or withdrawn */
        post: operations["decideObjection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/publicity-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Publicity classes and the rule versions that set their windows */
        get: operations["getPublicityRules"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/records": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * File records (one JSON record, a JSON array, or NDJSON)
         * @description Files legally effective decisions as credit records. A batch is atomic: if any line is invalid nothing is stored and the problem lists every bad line and field. Filing is idempotent on (agency, catalogue item, decision number, subject): resubmitting the same record returns it as a duplicate; different content under the same key is a conflict (file a correction).
         */
        post: operations["fileRecords"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/records/{recordId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A record in full, for the agency that filed it */
        get: operations["getRecord"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/records/{recordId}/corrections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Correct a record (the filing agency only)
         * @description Appends a new version of the record to the ledger; the earlier version stays in the ledger. A field set to null is removed.
         */
        post: operations["correctRecord"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/repairs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Apply for credit repair (the subject's own account) */
        post: operations["applyForRepair"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/repairs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A repair application */
        get: operations["getRepair"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/repairs/{id}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decide a repair application (the agency that made the decision being repaired) */
        post: operations["decideRepair"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/repairs/eligibility": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether a record or list entry can be repaired now, and from when */
        get: operations["getRepairEligibility"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue a signed credit report about a subject
         * @description scope public (default): what the portal shows, for anyone, with or without credentials. scope full: every record at every disclosure level (identity numbers masked), list entries and evaluations in full, only for the subject's own account. asOf: a date (the end of that day) or an instant. Answers the verification code and where to read and verify the report.
         */
        post: operations["issueReport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A report as JSON: its signed content, digest and signature (a .pdf or .html suffix answers that rendering)
         * @description Public reports for anyone; full reports only for their subject. A report that fails its integrity check is not served.
         */
        get: operations["getReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/{code}/html": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A report as an accessible HTML page */
        get: operations["getReportHtml"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/{code}/pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A report as PDF (Chinese font embedded; code, digest and signature in the document info; signed content attached) */
        get: operations["getReportPdf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/{code}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Verify a report by its code (anyone): valid, or why not (unknown-code, tampered, bad-signature, bad-proof, unproven, record-mismatch)
         * @description Re-hashes the stored content and checks its Ed25519 signature with the platform key; then opens the checkpoint the report cites with the log keys (GET /v1/log/keys) and runs the inclusion proof of every event proved for each record to its log's root in it. Each event is read from the ledger by its position: it must have the leaf hash the report cites and be the event whose bytes the report carries, and every field the report shows of the record must be that event's. A report of format xinyong-credit-report/2 without a checkpoint, or with a record lacking the proofs of what it shows, is unproven. Always 200: {valid: true, subject, issuedAt, asOf, scope, digest, ..., proofs: {checkpoint, records: [{recordId, log, index, events, verified, payload}]}} or {valid: false, reason, detail, record?, field?}.
         */
        get: operations["verifyReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/public-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The platform's report signing key (Ed25519): PEM, fingerprint and what exactly is signed */
        get: operations["getReportPublicKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scenarios": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The closed set of scenarios a check is asked about */
        get: operations["listScenarios"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scorecards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The published scorecards: factors, weights, caps, tiers, eligibility; and the supervision rates */
        get: operations["listScorecards"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/screening": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Screen up to 10,000 names or codes at once: for each, the ranked, explained matches, their list entries in force and the measures in a scenario
         * @description application/x-ndjson, one {ref?, code} or {ref?, name} a line (or a JSON array of them). A code (a Unified Social Credit Code or a resident identity number) is screened exactly; a name finds organisations by name, part of it, pinyin or initials, best first (at most `limit`), each with why it matched. Persons are found by identity number only. Each match comes with its list entries in force today and a credit check in the scenario (its checkId, outcome and measures, each explained), logged and shown to the subject before the answer is sent. Answers application/x-ndjson, one line per line in its order: {line, ref, query, matches} or {line, ref, error: {type, detail}}. More than 10,000 lines: 413.
         */
        post: operations["screenBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log in to an account (subject, administrator, auditor) and get a session token */
        post: operations["logIn"];
        /** Log out */
        delete: operations["logOut"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/statistics/measures": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Published aggregates: checks by scenario and outcome, measures applied per agency feedback */
        get: operations["getMeasureStatistics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search subjects by code, code prefix, name or part of it, pinyin or pinyin initials
         * @description Best match first: an exact code, then code and name prefixes, then names containing the query, then (when nothing else matches) similar names. kind may be given once or repeated (kind=enterprise&kind=individual-business). Traditional characters, full-width brackets and spacing are folded. Natural persons are left out unless kind asks for them (and are found by identity number at GET /v1/subjects/{code}).
         */
        get: operations["searchSubjects"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A subject's public profile
         * @description The public fields of the records about a subject that are inside their publicity window. With asOf (a date, meaning the end of that day, or an instant), the profile as the platform showed it then, replayed from the ledger.
         */
        get: operations["getPublicProfile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{code}/access-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who looked at a subject's data: for the subject itself and auditors */
        get: operations["getAccessLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subjects/{code}/record": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Everything about a subject at every disclosure level: for the subject itself, administrators and auditors (logged in the subject's access log) */
        get: operations["getSubjectRecord"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The calling agency's webhook subscriptions */
        get: operations["listWebhooks"];
        put?: never;
        /**
         * Subscribe an endpoint to lists' changes and watched subjects' record changes: each is POSTed to it, signed (Standard Webhooks), retried with backoff for 24 hours
         * @description Answers the subscription with its secret (whsec_…), shown this once. Each delivery is a POST of {id, type: list.entry.listed | list.entry.ended, subscription, list, change} or, for a watched subject, {id, type: subject.record.changed, subscription, subject: {code}, change: {event, recordId, log, index, at}}: event is record.filed, record.corrected, record.withdrawn or record.publicity-ended; only a change of a record the public can see on the day of the change, before it or after it, (active, inside its publicity window, its publicity not ended) yields one, and so does the end of a publicity the record had; the event carries none of its contents (read them from GET /v1/subjects/{code}); subjects are watched from the registration on, even with from: start. Each is sent with webhook-id (the event id), webhook-timestamp (Unix seconds) and webhook-signature (v1, then the base64 HMAC-SHA256 of "id.timestamp.body" under the base64 part of the secret). A 2xx answer delivers it; anything else is retried after 30 s, 1 min, 2 min, … (at most an hour apart) until 24 hours have passed.
         */
        post: operations["subscribeWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End a subscription: nothing more is queued or sent for it */
        delete: operations["endWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A subscription's deliveries after a cursor, oldest first: state, attempts, the last answer or error, the next attempt, the event */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send again every delivery after a cursor (seq), delivered or not, with its own event id */
        post: operations["replayWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AccessLog: {
            /** @description newest first */
            entries: {
                action: string;
                /** @description who looked: subject:public for anyone not logged in */
                actor: string;
                /** Format: date-time */
                at: string;
                detail: string | null;
            }[];
        };
        AgencyQueue: {
            /** @description notified, the subject's period to state its case running */
            awaitingStatement: {
                entryId: string;
                list: string;
                noticeDeadline: string | null;
                /** Format: date */
                proposedOn: string;
                state: string;
                subjectKey: string;
            }[];
            /** Format: date */
            date: string;
            objections: components["schemas"]["Objection"][];
            /** @description a statement received, or the notice period over */
            readyToDecide: {
                entryId: string;
                list: string;
                noticeDeadline: string | null;
                /** Format: date */
                proposedOn: string;
                state: string;
                subjectKey: string;
            }[];
            repairs: components["schemas"]["Repair"][];
            /** @description proposals to notify */
            toNotify: {
                entryId: string;
                list: string;
                noticeDeadline: string | null;
                /** Format: date */
                proposedOn: string;
                state: string;
                subjectKey: string;
            }[];
        };
        CheckMeasure: {
            code: string;
            /** @description prohibit, restrict, enhanced-scrutiny, priority or simplified-procedure */
            effect: string;
            implementingAuthority: {
                en: string;
                zh: string;
            };
            /** @description restriction or reward */
            kind: string;
            legalBasis: components["schemas"]["LegalBasis"][];
            name: {
                en: string;
                zh: string;
            };
            /** @description a reward not applied because a restriction applies */
            suppressed: boolean;
            triggers: components["schemas"]["CheckTrigger"][];
            /** @description for a natural person: the organisation whose listing reaches the person, and the person's role there */
            via?: {
                role: string;
                subject: string;
            };
        };
        CheckResult: {
            /**
             * Format: date-time
             * @description the instant the check answers for
             */
            at: string;
            /** @description quote it when reporting feedback */
            checkId: string;
            /** Format: date */
            date: string;
            measures: components["schemas"]["CheckMeasure"][];
            /** @description the strongest effect that applies, or none */
            outcome: string;
            policyVersion: string;
            scenario: string;
            subject: {
                /** @description the code, or a masked identity number */
                code: string;
                kind: string;
            };
        };
        /** @description what triggered a measure: a list entry (list, listed on, until) or a record (its decision document) */
        CheckTrigger: {
            /** @description the agency that filed the record */
            agency?: string;
            /** Format: date */
            decisionDate?: string;
            decisionNumber?: string;
            /** @description an objection is open */
            disputed: boolean;
            /** @description the list entry or credit record */
            id: string;
            legalBasis: components["schemas"]["LegalBasis"][];
            /** Format: date */
            listedOn?: string;
            /** @description its list or catalogue item */
            source: string;
            sourceName: {
                en: string;
                zh: string;
            };
            type: "list-entry" | "record";
            /** @description a repair application is pending */
            underRepair: boolean;
            /** @description first day no longer listed (the earlier of expiry and removal) */
            until?: string | null;
        };
        /** @description RFC 9162 consistency proofs, one per log, from its size in `from` to its size in `to` */
        ConsistencyProofs: {
            from: number[];
            /** @description one per log, log 0 first (empty from an empty log) */
            proofs: {
                /** @description a number of entries of the log */
                from: number;
                /** @description the log: 0 the platform log, 1 to P the subject logs */
                log: number;
                /** @description the RFC 9162 proof: node hashes, base64 */
                proof: string[];
                /** @description a number of entries of the log */
                to: number;
            }[];
            to: number[];
        };
        Correction: {
            /** @description the legally effective decision document the record comes from */
            decision?: {
                /** @description issuing authority */
                authority: string;
                /** @description the article of law applied */
                basis: string;
                /** Format: date */
                date: string;
                /** @description decision document number */
                number: string;
            };
            /** @description fields to change; null removes an optional field */
            fields?: {
                [key: string]: unknown;
            };
            reason: string;
        };
        CosignatureKept: {
            /** @description the checkpoint cosigned */
            checkpoint: number;
            /** @description false when a newer cosignature of this text by the same witness key is kept instead */
            kept: boolean;
            /** @description the witness’s key name */
            witness: string;
        };
        CreditObjection: {
            account: string;
            answeredOn: string | null;
            /** @description the borrower, masked (the furnisher's queue) */
            borrower?: string;
            correctionBatch: string | null;
            /**
             * Format: date
             * @description the last day of the furnisher's 20 days (filed on + 20 calendar days): an answer that day is on time
             */
            dueOn: string;
            escalatedOn: string | null;
            event: {
                firstIndex: number;
                lastIndex: number;
                log: number;
            };
            explanation: string | null;
            /** Format: date */
            filedOn: string;
            furnisher: string;
            /** @description answered after its due day, or unanswered past it */
            late: boolean;
            month: string | null;
            objectionId: string;
            outcome: ("upheld-corrected" | "rejected") | null;
            reason: string;
            state: "open" | "escalated" | "answered";
        };
        Draw: {
            /** Format: date */
            date: string;
            divisionPrefix: string | null;
            drawId: string;
            inspectors: {
                conflicts?: string[];
                excludedDivisions?: string[];
                id: string;
            }[];
            perTier?: {
                [key: string]: {
                    population: number;
                    rate: number;
                    selected: number;
                };
            };
            /** @description SHA-256 of the population in canonical order, kept in the ledger */
            populationDigest: string;
            populationSize: number;
            /** @description the share of each tier drawn */
            rates: {
                [key: string]: number;
            };
            /** @description whose tiers the population is drawn by */
            scorecard: string;
            /** @description published beforehand; the draw is an HMAC order of the population under it */
            seed: string;
            selected: {
                inspector: string | null;
                subject: string;
                tier: string;
            }[];
            version: string;
        };
        DrawVerification: {
            drawId: string;
            /** @description the recomputed selection equals the recorded one */
            identical: boolean;
            /** @description the kept population matches the ledger's digest */
            populationIntact: boolean;
            recomputed: number;
            recorded: number;
        };
        Escalations: {
            objections: components["schemas"]["Objection"][];
            repairs: components["schemas"]["Repair"][];
        };
        /** @description an evaluation in full: for the subject itself, agencies and the oversight roles */
        Evaluation: {
            /** Format: date */
            date: string;
            /** @description the override where there is one, else the computed tier */
            effectiveTier: string | null;
            /** @description the effective tier's own label (an override's tier's, where there is one) */
            effectiveTierLabel: {
                en: string;
                zh: string;
            } | null;
            eligible: boolean;
            factorNames: {
                [key: string]: {
                    en: string;
                    zh: string;
                };
            };
            factors: {
                capped: boolean;
                code: string;
                /** @description what it adds to or takes from the score, after its cap */
                contribution: number;
                /** @description the list entries behind it */
                entries: string[];
                /** @description the credit records behind it */
                records: string[];
                /** @description the raw (decayed) count or sum */
                value: number;
            }[];
            /** @description where the scorecard mirrors an authority's grade: the record it filed; null for a computed tier */
            filed: {
                /** Format: date */
                decisionDate: string;
                item: string;
                /** @description the authority's record the grade is taken from */
                record: string;
            } | null;
            legalBasis?: components["schemas"]["LegalBasis"][];
            name?: {
                en: string;
                zh: string;
            };
            override: {
                actor: string;
                at: string;
                reason: string;
                tier: string;
            } | null;
            score: number | null;
            scorecard: string;
            subjectKey: string;
            /** @description as computed, or as the authority filed it */
            tier: string | null;
            /** @description the label of the tier as computed (or filed) */
            tierLabel: {
                en: string;
                zh: string;
            } | null;
            /** @description the rule that decided the tier, when the score did not; for a filed grade, its record */
            tierReason: string | null;
            /** @description the scorecard version that computed it */
            version: string;
        };
        EvaluationHistory: {
            /** @description newest first: each change in what an evaluation decided, and each end */
            history: {
                /**
                 * Format: date
                 * @description the day the result was computed
                 */
                date: string;
                eligible: boolean;
                /** @description the scorecard stopped producing a result for the subject from here on */
                ended: boolean;
                /** @description where the scorecard mirrors an authority's grade: the record it filed; null for a computed tier */
                filed?: {
                    /** Format: date */
                    decisionDate: string;
                    item: string;
                    /** @description the authority's record the grade is taken from */
                    record: string;
                } | null;
                name: {
                    en: string;
                    zh: string;
                } | null;
                /**
                 * Format: date-time
                 * @description when the platform recorded it
                 */
                recordedAt: string;
                score: number | null;
                scorecard: string;
                tier: string | null;
                tierLabel: {
                    en: string;
                    zh: string;
                } | null;
                tierReason: string | null;
                version: string;
            }[];
            subject: string;
        };
        Evaluations: {
            evaluations: (components["schemas"]["Evaluation"] | components["schemas"]["PublicEvaluation"])[];
            subject: string;
        };
        ExportManifest: {
            checkpoint: {
                /** @description the signed checkpoint of the ledger the export reflects (GET /v1/log/checkpoints/{id}) */
                id: number;
                /** @description its signed note (C2SP tlog-checkpoint), with witness cosignatures */
                note: string;
            };
            /** Format: date */
            day: string;
            entries: number;
            files: {
                csv: {
                    bytes: number;
                    /** @description SHA-256 of the file, hex */
                    sha256: string;
                    url: string;
                };
                ftm: {
                    bytes: number;
                    /** @description SHA-256 of the file, hex */
                    sha256: string;
                    url: string;
                };
                ndjson: {
                    bytes: number;
                    /** @description SHA-256 of the file, hex */
                    sha256: string;
                    url: string;
                };
            };
            /** @description kept as first made once its day ended (its files never change), or, today, read from the entries as known now */
            kept: boolean;
            list: string;
            /** Format: date-time */
            madeAt: string;
        };
        FullRecord: {
            agencyCode: string;
            category: string;
            /** @description the legally effective decision document the record comes from */
            decision: {
                /** @description issuing authority */
                authority: string;
                /** @description the article of law applied */
                basis: string;
                /** Format: date */
                date: string;
                /** @description decision document number */
                number: string;
            };
            fields: {
                [key: string]: unknown;
            };
            /** @description the index of its filing event in its subject's ledger log */
            filedIndex: number;
            item: string;
            /** @description the index of the event that last changed it, in its subject's ledger log */
            lastIndex: number;
            polarity: string;
            policyVersion: string;
            publicityClass: string;
            publicityEnd: string | null;
            publicityMinimumEnd: string | null;
            publicityStart: string | null;
            published: boolean;
            recordId: string;
            repairable: boolean;
            ruleVersion: string;
            status: string;
            subjectKey: string;
            version: number;
        } & {
            [key: string]: unknown;
        };
        /** @description RFC 9162 inclusion proof of the entry in its log’s tree of `size` entries */
        InclusionProof: {
            /** @description the entry’s index in its log, from 0 */
            index: number;
            /** @description a SHA-256 hash, base64 */
            leafHash: string;
            /** @description the log: 0 the platform log, 1 to P the subject logs */
            log: number;
            /** @description the RFC 9162 proof: node hashes, base64 */
            proof: string[];
            /** @description a number of entries of the log */
            size: number;
        };
        LegalBasis: {
            articles?: string;
            instrument: {
                en: string;
                zh: string;
            };
            issuer?: string;
            note?: string;
            reference?: string;
        };
        ListChanges: {
            /** @description the cursor this page starts after */
            after: string;
            changes: ({
                entry: {
                    area: string | null;
                    basisRecords: string[];
                    decidingAgency: string;
                    disputed: boolean;
                    entryId: string;
                    legalBasis: components["schemas"]["LegalBasis"][];
                    list: string;
                    listedOn: string | null;
                    listName: {
                        en: string;
                        zh: string;
                    };
                    subject: {
                        /** @description a natural person masked */
                        code: string;
                        name: string;
                    };
                    type: string;
                    underRepair: boolean;
                    /** @description first day no longer listed */
                    until: string | null;
                };
                entryId: string;
                /** @description the index of the change's event in that log */
                index: number;
                /** @description the ledger log of the change's event (its subject's log) */
                log: number;
                /** @enum {string} */
                status: "listed";
            } | {
                /** @description the first day no longer listed */
                endedOn: string | null;
                entryId: string;
                /** @description the index of the change's event in that log */
                index: number;
                /** @description the ledger log of the change's event (its subject's log) */
                log: number;
                /** @enum {string} */
                status: "ended";
            })[];
            list: string;
            /** @description the page is full: there may be more changes after `next` */
            more: boolean;
            /** @description the cursor for the next page (opaque): after the changes here, or `after` when there are none */
            next: string;
        };
        ListEntriesPage: {
            /** Format: date */
            date: string;
            /** @description by entry id */
            entries: {
                area: string | null;
                basisRecords: string[];
                decidingAgency: string;
                disputed: boolean;
                entryId: string;
                legalBasis: components["schemas"]["LegalBasis"][];
                list: string;
                listedOn: string | null;
                listName: {
                    en: string;
                    zh: string;
                };
                subject: {
                    /** @description a natural person masked */
                    code: string;
                    name: string;
                };
                type: string;
                underRepair: boolean;
                /** @description first day no longer listed */
                until: string | null;
            }[];
            list: string;
            /** @description pass as `after` for the next page; null when this page is empty */
            next: string | null;
        };
        /** @description a list entry in full, as its subject, its deciding agency and the oversight roles see it */
        ListEntry: {
            /** @description the credit records the entry rests on */
            basisRecords: string[];
            decidedOn: string | null;
            /** @description the agency that decides (and later repairs) */
            decidingAgency: string;
            entryId: string;
            /** @description the index, in its subject's ledger log, of the event that began it */
            firstIndex: number;
            /** @description the index, in its subject's ledger log, of the event that last changed it (for a list entry, also a rename of its subject) */
            lastIndex: number;
            list: string;
            listedOn: string | null;
            /** @description its subject's ledger log, where firstIndex and lastIndex count */
            log: number;
            /** @description the last day to state one's case */
            noticeDeadline: string | null;
            noticeServedOn: string | null;
            openObjections: number;
            /** @description how it was proposed: by an agency, or by the platform from a filed record */
            origin: string;
            /** @description the pending repair application, if any */
            pendingRepair: string | null;
            /** Format: date */
            proposedOn: string;
            removalReason: string | null;
            removedOn: string | null;
            /** @description the last listed day the triggering record names, if any */
            requestedUntil: string | null;
            state: "proposed" | "notified" | "statement-received" | "in-force" | "dropped" | "removed";
            statementOn: string | null;
            /** @description the subject: its code, or p:… for a natural person (the keyed hash, never the number) */
            subjectKey: string;
            /** @description first day no longer listed */
            until: string | null;
        };
        ListSummaries: {
            lists: {
                area: string | null;
                code: string;
                /** @description entries in force today */
                inForce: number;
                legalBasis: components["schemas"]["LegalBasis"][];
                name: {
                    en: string;
                    zh: string;
                };
                /** @description blacklist, watch list or redlist */
                type: string;
            }[];
        };
        LogEntry: {
            /** @description the entry’s index in its log, from 0 */
            index: number;
            /** @description SHA-256(0x00 || payload), base64 */
            leafHash: string;
            /** @description the log: 0 the platform log, 1 to P the subject logs */
            log: number;
            /** @description the leaf bytes: the event’s canonical JSON */
            payload: string;
        };
        LogKeys: {
            /** @description the current key and the retired keys that still verify (a key retired as compromised verifies nothing and is not listed) */
            keys: {
                /** @description whether it signs checkpoints now */
                current: boolean;
                /** @description when it stopped signing; it still verifies what it signed */
                retiredAt: string | null;
                /** @description C2SP signed-note verifier key (Ed25519): <origin>+<key ID>+<base64 of 0x01 and the public key> */
                verifierKey: string;
            }[];
            /** @description the first line of every checkpoint, and the key name of its signatures */
            origin: string;
            /** @description the witnesses’ C2SP cosignature/v1 verifier keys (type 0x04) */
            witnesses: string[];
        };
        Objection: {
            /**
             * Format: date
             * @description the last working day to decide
             */
            deadline: string;
            decidedOn: string | null;
            decidingAgency: string;
            /** @description who objected: the subject or an agency */
            filedBy: string;
            /** Format: date */
            filedOn: string;
            /** @description the index, in its subject's ledger log, of the event that began it */
            firstIndex: number;
            /** @description the index, in its subject's ledger log, of the event that last changed it (for a list entry, also a rename of its subject) */
            lastIndex: number;
            objectionId: string;
            outcome: "maintained" | "corrected" | "withdrawn" | null;
            /** @description open after its deadline (escalated to the oversight roles) */
            overdue: boolean;
            state: "open" | "maintained" | "corrected" | "withdrawn";
            subjectKey: string;
            targetId: string;
            targetType: "record" | "list-entry";
        };
        /** @description a record as its subject sees it */
        OwnRecord: {
            agency: string;
            category: string;
            /** @description the decision document in full */
            decision: {
                [key: string]: string;
            };
            /** @description an objection to the record is open */
            disputed: boolean;
            /** @description every field at every disclosure level; identity numbers masked */
            fields: {
                [key: string]: unknown;
            };
            item: string;
            itemName: {
                en: string;
                zh: string;
            };
            legalBasis: components["schemas"]["LegalBasis"][];
            polarity: string;
            publicity: {
                class: string;
                /** @description first day no longer public; null while indefinite */
                end: string | null;
                ruleVersion: string;
                start: string | null;
            };
            /** @description publicity ended early (repair, withdrawal) */
            publicityEndedOn: string | null;
            publicityEndReason: string | null;
            publicityMinimumEnd: string | null;
            /** @description shown to the public today */
            publicNow: boolean;
            /** @description whether its class is published at all */
            published: boolean;
            recordId: string;
            repairable: boolean;
            /** @description active, or withdrawn (never deleted) */
            status: string;
            /** @description a repair application is pending */
            underRepair: boolean;
            version: number;
        };
        /** @description everything the platform holds about a subject, for the subject itself and the oversight roles */
        OwnView: {
            /** Format: date */
            date: string;
            listEntries: components["schemas"]["ListEntry"][];
            objections: components["schemas"]["Objection"][];
            records: components["schemas"]["OwnRecord"][];
            repairs: components["schemas"]["Repair"][];
            subject: {
                /** @description the code, or a masked identity number */
                code: string;
                /** @description e.g. a failing check character the filing agency used */
                codeFlags: string[];
                divisionCode: string | null;
                kind: string;
                name: string;
            };
        };
        /** @description RFC 9457 problem details */
        Problem: {
            detail: string;
            errorCount?: number;
            errors?: ({
                field: string;
                line?: number;
                message: string;
            } & {
                [key: string]: unknown;
            })[];
            instance?: string;
            status: number;
            title: string;
            /** @description stable URI of the error kind, e.g. /problems/validation-failed */
            type: string;
        } & {
            [key: string]: unknown;
        };
        /** @description what the public sees: the tier where published, never the score or factors */
        PublicEvaluation: {
            /** Format: date */
            date: string;
            /** @description a published grade an authority filed: the date of its decision */
            filed?: {
                /** Format: date */
                decisionDate: string;
            } | null;
            /** @description with a published filed grade: the law under which the authority grades */
            legalBasis?: components["schemas"]["LegalBasis"][];
            name?: {
                en: string;
                zh: string;
            };
            overridden: boolean;
            published: boolean;
            scorecard: string;
            /** @description only where the scorecard publishes it */
            tier: string | null;
            /** @description the label of the tier shown (an override's tier where there is one) */
            tierLabel: {
                en: string;
                zh: string;
            } | null;
            version: string;
        };
        PublicListEntry: {
            area: string | null;
            basisRecords: string[];
            decidingAgency: string;
            disputed: boolean;
            entryId: string;
            legalBasis: components["schemas"]["LegalBasis"][];
            list: string;
            listedOn: string | null;
            listName: {
                en: string;
                zh: string;
            };
            type: string;
            underRepair: boolean;
            /** @description first day no longer listed */
            until: string | null;
        };
        PublicProfile: {
            /** Format: date-time */
            asOf: string;
            /** Format: date */
            date: string;
            listEntries: components["schemas"]["PublicListEntry"][];
            policyVersion: string;
            records: components["schemas"]["PublicRecord"][];
            subject: {
                /** @description the code, or a masked identity number */
                code: string;
                /** @description e.g. a failing check character the filing agency used */
                codeFlags: string[];
                divisionCode: string | null;
                kind: string;
                name: string;
            };
        };
        PublicRecord: {
            agency: string;
            category: string;
            decision: {
                [key: string]: string;
            };
            /** @description an objection to the record is open */
            disputed: boolean;
            fields: {
                [key: string]: unknown;
            };
            item: string;
            itemName: {
                en: string;
                zh: string;
            };
            legalBasis: components["schemas"]["LegalBasis"][];
            polarity: string;
            publicity: {
                class: string;
                /** @description first day no longer public; null while indefinite */
                end: string | null;
                ruleVersion: string;
                start: string | null;
            };
            recordId: string;
            /** @description a repair application is pending */
            underRepair: boolean;
            version: number;
        };
        PublicRecordsManifest: {
            /** @description for a kept day, what changed on it; null when the day is read as known now */
            changes: {
                /** @description records that entered publicity */
                added: number;
                /** @description the last day kept before it, which the changes are from; null for the first day kept */
                afterDay: string | null;
                /** @description records that left publicity (expiry, repair, withdrawal) */
                deleted: number;
                /** @description records whose public view changed (corrected, disputed, under repair) */
                modified: number;
            } | null;
            checkpoint: {
                /** @description the signed checkpoint of the ledger the export reflects (GET /v1/log/checkpoints/{id}) */
                id: number;
                /** @description its signed note (C2SP tlog-checkpoint), with witness cosignatures */
                note: string;
            };
            /** Format: date */
            day: string;
            /** @description records public on the day */
            entries: number;
            files: {
                csv: {
                    bytes: number;
                    /** @description SHA-256 of the file, hex */
                    sha256: string;
                    url: string;
                };
                ndjson: {
                    bytes: number;
                    /** @description SHA-256 of the file, hex */
                    sha256: string;
                    url: string;
                };
            };
            /** @description kept as first made once its day ended (its files never change), or read from the records as known now */
            kept: boolean;
            /** Format: date-time */
            madeAt: string;
        };
        /** @description one record; a batch is NDJSON of these, one per line */
        RecordSubmission: {
            /** @description the legally effective decision document the record comes from */
            decision: {
                /** @description issuing authority */
                authority: string;
                /** @description the article of law applied */
                basis: string;
                /** Format: date */
                date: string;
                /** @description decision document number */
                number: string;
            };
            /** @description the catalogue item's fields */
            fields: {
                [key: string]: unknown;
            };
            /** @description catalogue item code, e.g. administrative-penalty-general */
            item: string;
            subject: {
                /** @description Unified Social Credit Code of an organisation */
                code?: string;
                /** @description resident identity number of a natural person named by the decision */
                idNumber?: string;
                name: string;
            };
        };
        /** @description a credit repair application */
        Repair: {
            /** Format: date */
            appliedOn: string;
            /**
             * Format: date
             * @description the last working day to decide
             */
            decideBy: string;
            decidedOn: string | null;
            decidingAgency: string;
            /** @description the index, in its subject's ledger log, of the event that began it */
            firstIndex: number;
            /** @description the index, in its subject's ledger log, of the event that last changed it (for a list entry, also a rename of its subject) */
            lastIndex: number;
            /** @description pending after its deadline (escalated to the oversight roles) */
            overdue: boolean;
            repairId: string;
            state: "pending" | "approved" | "refused";
            subjectKey: string;
            targetId: string;
            targetType: "record" | "list-entry";
        };
        RepairEligibility: {
            /** @description why not, as a stable code */
            code?: string;
            message?: string;
            /** @description an application would be accepted now */
            ok: boolean;
            /** @description the first day an application is possible */
            possibleFrom?: string | null;
        };
        ReportIssued: {
            /**
             * Format: date-time
             * @description the instant the report describes
             */
            asOf: string;
            /** @description the verification code, XY-ABCD-EFGH-JKLM */
            code: string;
            /** @description SHA-256 of the signed canonical JSON, hex */
            digest: string;
            htmlUrl: string;
            /** Format: date-time */
            issuedAt: string;
            jsonUrl: string;
            /** @description the signing key */
            keyId: string;
            lang: "zh" | "en";
            pdfUrl: string;
            portalVerifyUrl: string;
            scope: "public" | "full";
            verifyUrl: string;
        };
        ReportPublicKey: {
            /** @enum {string} */
            algorithm: "Ed25519";
            /** @description SHA-256 of the SubjectPublicKeyInfo DER, hex */
            fingerprint: string;
            keyId: string;
            publicKeyPem: string;
            retired: {
                /** @description a compromised key verifies nothing */
                compromised: boolean;
                /** @description SHA-256 of the SubjectPublicKeyInfo DER, hex */
                fingerprint: string;
                keyId: string;
                publicKeyPem: string;
                /**
                 * Format: date-time
                 * @description reports signed by it after this instant do not verify
                 */
                retiredAt: string;
            }[];
            /** @description what exactly is signed */
            signed: string;
        };
        ReportVerification: {
            /** Format: date-time */
            asOf: string;
            code: string;
            /** Format: date */
            date: string;
            digest: string;
            /** Format: date-time */
            issuedAt: string;
            keyId: string;
            lang: "zh" | "en";
            policyVersion: string;
            /** @description null for a report of format xinyong-credit-report/1, which carries no proofs */
            proofs: {
                checkpoint: {
                    /** @description the checkpoint the report cites */
                    id: number;
                    /** @description the log's origin, the name of the key that signed the checkpoint */
                    origin: string;
                    /** @description events in every log at the checkpoint */
                    size: number;
                };
                records: {
                    /** @description why the proof failed */
                    detail?: string;
                    /** @description every event proved for the record: the one holding the version shown, the filing of a corrected version, the latest end of publicity or withdrawal the record shows */
                    events: {
                        index: number;
                        log: number;
                        role: "version" | "filing" | "later";
                    }[];
                    /** @description record-mismatch: the field shown that is not its event’s (e.g. item, decision.number, fields.fineAmount, publicity.end) */
                    field?: string;
                    /** @description the event's index in its log */
                    index: number;
                    log: number;
                    /** @description checked: the report carries every event's bytes, which hash to the leaves and bind each field it shows; withheld: it carries some leaf hashes only, and the platform bound the fields with its own copy of the ledger */
                    payload: "checked" | "withheld";
                    problem?: "bad-proof" | "unproven" | "record-mismatch";
                    recordId: string;
                    verified: boolean;
                }[];
            } | null;
            publicKeyFingerprint: string;
            scope: "public" | "full";
            subject: {
                code: string;
                kind: string;
                name: string;
            };
            /** @enum {boolean} */
            valid: true;
        } | {
            code: string;
            detail: string;
            /** @description record-mismatch: the field shown that is not its event’s */
            field?: string;
            /** @description the report's checkpoint opened with the platform's log keys, and every record's inclusion proof run to its log's root */
            proofs?: {
                checkpoint: {
                    /** @description the checkpoint the report cites */
                    id: number;
                    /** @description the log's origin, the name of the key that signed the checkpoint */
                    origin: string;
                    /** @description events in every log at the checkpoint */
                    size: number;
                };
                records: {
                    /** @description why the proof failed */
                    detail?: string;
                    /** @description every event proved for the record: the one holding the version shown, the filing of a corrected version, the latest end of publicity or withdrawal the record shows */
                    events: {
                        index: number;
                        log: number;
                        role: "version" | "filing" | "later";
                    }[];
                    /** @description record-mismatch: the field shown that is not its event’s (e.g. item, decision.number, fields.fineAmount, publicity.end) */
                    field?: string;
                    /** @description the event's index in its log */
                    index: number;
                    log: number;
                    /** @description checked: the report carries every event's bytes, which hash to the leaves and bind each field it shows; withheld: it carries some leaf hashes only, and the platform bound the fields with its own copy of the ledger */
                    payload: "checked" | "withheld";
                    problem?: "bad-proof" | "unproven" | "record-mismatch";
                    recordId: string;
                    verified: boolean;
                }[];
            };
            reason: "unknown-code" | "tampered" | "bad-signature" | "bad-proof" | "unproven" | "record-mismatch";
            /** @description the record whose proof or shown field failed */
            record?: string;
            /** @enum {boolean} */
            valid: false;
        };
        SearchResults: {
            query: string;
            /** @description best match first */
            results: {
                code: string;
                kind: string;
                matched: "code" | "code-prefix" | "name" | "pinyin" | "initials";
                name: string;
                /** @description higher is better, comparable within one answer; 1 is an exact code */
                score: number;
            }[];
        };
        Session: {
            /** Format: date-time */
            expiresAt: string;
            role: "subject" | "administrator" | "auditor";
            /** @description a subject account's subject key */
            subject: string | null;
            /** @description send as Authorization: Bearer <token> */
            token: string;
        };
        StoredReport: {
            /** Format: date-time */
            asOf: string;
            code: string;
            /** @description the signed content: format, code, scope, lang, generatedAt, asOf, date, timeZone, policyVersion, issuer, verification, subject, records, listEntries, evaluations, marks, legalBases, checkpoint. checkpoint: {id, madeAt, note}, the signed checkpoint of the ledger (C2SP tlog-checkpoint, signed note) the proofs are against. Each record has event: {log, index, leafHash, inclusionProof, payload}, the ledger event that holds the version shown: its position in its log, its leaf hash SHA-256(0x00 || payload) and inclusion proof (RFC 9162) at the log's size in the checkpoint, base64, and its bytes (null where a public report may not show all they hold); a corrected version also has filing (the record.filed event, which holds item, category, polarity, agency and subject), and a record shown ended or withdrawn has later (those events), alike. Every field a record shows is bound to a field of one of them. docs/verify-offline.md checks them with node:crypto alone */
            content: {
                [key: string]: unknown;
            };
            digest: string;
            htmlUrl: string;
            /** Format: date-time */
            issuedAt: string;
            jsonUrl: string;
            keyId: string;
            lang: "zh" | "en";
            pdfUrl: string;
            portalVerifyUrl: string;
            scope: "public" | "full";
            /** @description Ed25519 over the canonical JSON of content, base64 */
            signature: string;
            verifyUrl: string;
        };
        SubmitResult: {
            created: number;
            duplicates: number;
            records: {
                line: number;
                recordId: string;
                status: "created" | "duplicate";
            }[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        policyVersion: string;
                        /** @enum {string} */
                        status: "ok";
                        store: "pglite" | "postgres" | "citus";
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAgencyQueue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description AgencyQueue */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgencyQueue"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCatalogue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agencyKinds: {
                            /** @description authority (the default) or furnisher */
                            class?: "authority" | "furnisher";
                            /** @description a kebab-case identifier */
                            code: string;
                            description?: string;
                            /** @description text in Chinese and English */
                            name: {
                                en: string;
                                zh: string;
                            };
                        }[];
                        decisionDisclosure: {
                            authority: "public" | "shared" | "restricted";
                            basis: "public" | "shared" | "restricted";
                            date: "public" | "shared" | "restricted";
                            number: "public" | "shared" | "restricted";
                        };
                        items: {
                            /** @description a record category from the fixed enumeration */
                            category: "registration" | "administrative-licence" | "administrative-penalty" | "administrative-enforcement" | "administrative-inspection" | "administrative-confirmation" | "judicial" | "tax" | "honour" | "contract-performance" | "market-supervision-listing" | "annual-report" | "credit-commitment";
                            /** @description a kebab-case identifier */
                            code: string;
                            description?: string;
                            fields: {
                                description?: string;
                                disclosure: "public" | "shared" | "restricted";
                                /** @description text in Chinese and English */
                                label: {
                                    en: string;
                                    zh: string;
                                };
                                /** @description for money: yuan with at most two decimals, at most the platform bound of 10,000,000,000,000 yuan (the default) */
                                maximum?: number;
                                maxLength?: number;
                                /** @description for money: yuan with at most two decimals */
                                minimum?: number;
                                /** @description camelCase field name */
                                name: string;
                                required?: boolean;
                                /** @description for a resident-id field: the role in which the record names the person */
                                role?: "legal-representative" | "principal" | "actual-controller" | "restricted-person" | "responsible-person";
                                type: "text" | "date" | "money" | "integer" | "number" | "boolean" | "enum" | "enum-list" | "uscc" | "resident-id" | "person-name";
                                /** @description the name of each value in Chinese and English, as pages and reports show it */
                                valueNames?: {
                                    [key: string]: {
                                        en: string;
                                        zh: string;
                                    };
                                };
                                values?: string[];
                            }[];
                            legalBasis: {
                                articles?: string;
                                /** @description text in Chinese and English */
                                instrument: {
                                    en: string;
                                    zh: string;
                                };
                                issuer?: string;
                                note?: string;
                                /** @description document number, e.g. 法释〔2017〕7号 */
                                reference?: string;
                            }[];
                            /** @description text in Chinese and English */
                            name: {
                                en: string;
                                zh: string;
                            };
                            objectionStanding?: {
                                /** @description agency kinds with standing to object */
                                agencyKinds: string[];
                                /** @description the legal interest these agencies have in the record or entry */
                                interest: string;
                                legalBasis: {
                                    articles?: string;
                                    /** @description text in Chinese and English */
                                    instrument: {
                                        en: string;
                                        zh: string;
                                    };
                                    issuer?: string;
                                    note?: string;
                                    /** @description document number, e.g. 法释〔2017〕7号 */
                                    reference?: string;
                                }[];
                            }[];
                            polarity: "negative" | "positive" | "neutral";
                            /** @description a kebab-case identifier */
                            publicityClass: string;
                            severity?: "minor" | "general" | "serious";
                            subjectKinds: ("enterprise" | "individual-business" | "farmers-cooperative" | "social-organisation" | "public-institution" | "government-body" | "mass-organisation" | "other-organisation" | "natural-person")[];
                            /** @description agency kinds allowed to supply this item */
                            suppliers: string[];
                        }[];
                        pack: {
                            description?: string;
                            /** @description a calendar date, YYYY-MM-DD */
                            effectiveFrom: string;
                            /** @description a kebab-case identifier */
                            id: string;
                            jurisdiction: string;
                            timeZone: string;
                            /** @description text in Chinese and English */
                            title: {
                                en: string;
                                zh: string;
                            };
                            version: string;
                        };
                        policyVersion: string;
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    runCheck: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the instant or day the check is about; absent or null: now */
                    at?: string | null;
                    scenario: string;
                    subject: string;
                };
            };
        };
        responses: {
            /** @description The answer (JSON); for an NDJSON request, one line per check: {line, result} or {line, error: {type, detail}} */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckResult"];
                };
            };
            /** @description Problem details (application/problem+json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reportCheckFeedback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    action: "measures-applied" | "measures-not-applied" | "no-action-needed";
                    measures?: string[];
                    /** Format: safe-text */
                    note?: string;
                };
            };
        };
        responses: {
            /** @description The feedback as recorded */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        action: string;
                        checkId: string;
                        measures: string[];
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listConsents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        consents: {
                            /** @description the ledger event on the subject's log */
                            event: {
                                index: number;
                                log: number;
                            };
                            /** Format: date */
                            expiresOn: string;
                            purposes: string[];
                            /** Format: date-time */
                            recordedAt: string;
                            reference: string;
                            /** Format: date */
                            signedOn: string;
                            /** @description masked */
                            subject: string;
                            /** @enum {string} */
                            subjectKind: "person" | "organisation";
                            /** @description from this day it no longer holds */
                            withdrawnOn: string | null;
                        }[];
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    recordConsent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date
                     * @description the last day it holds
                     */
                    expiresOn: string;
                    /** @description the inquiry purposes it covers (the pack: furnishing.yaml inquiryPurposes) */
                    purposes: string[];
                    /** @description the lender's reference of the written authorisation */
                    reference: string;
                    /**
                     * Format: date
                     * @description the day signed: today or earlier
                     */
                    signedOn: string;
                    /** @description the resident identity number of the person, or the USCC of the enterprise, who signed */
                    subject: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        consent: {
                            /** @description the ledger event on the subject's log */
                            event: {
                                index: number;
                                log: number;
                            };
                            /** Format: date */
                            expiresOn: string;
                            purposes: string[];
                            /** Format: date-time */
                            recordedAt: string;
                            reference: string;
                            /** Format: date */
                            signedOn: string;
                            /** @description masked */
                            subject: string;
                            /** @enum {string} */
                            subjectKind: "person" | "organisation";
                            /** @description from this day it no longer holds */
                            withdrawnOn: string | null;
                        };
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        consent: {
                            /** @description the ledger event on the subject's log */
                            event: {
                                index: number;
                                log: number;
                            };
                            /** Format: date */
                            expiresOn: string;
                            purposes: string[];
                            /** Format: date-time */
                            recordedAt: string;
                            reference: string;
                            /** Format: date */
                            signedOn: string;
                            /** @description masked */
                            subject: string;
                            /** @enum {string} */
                            subjectKind: "person" | "organisation";
                            /** @description from this day it no longer holds */
                            withdrawnOn: string | null;
                        };
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    withdrawConsent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the lender's reference of the written authorisation */
                reference: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        consent: {
                            /** @description the ledger event on the subject's log */
                            event: {
                                index: number;
                                log: number;
                            };
                            /** Format: date */
                            expiresOn: string;
                            purposes: string[];
                            /** Format: date-time */
                            recordedAt: string;
                            reference: string;
                            /** Format: date */
                            signedOn: string;
                            /** @description masked */
                            subject: string;
                            /** @enum {string} */
                            subjectKind: "person" | "organisation";
                            /** @description from this day it no longer holds */
                            withdrawnOn: string | null;
                        };
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listInquiries: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        inquiries: {
                            /** Format: date-time */
                            at: string;
                            /** @description the authorisation it rests on */
                            consent: string | null;
                            /**
                             * Format: date
                             * @description the local date, as reports show it
                             */
                            date: string;
                            /** @description the credit.inquiry event on the subject's log */
                            event: {
                                index: number;
                                log: number;
                            };
                            id: string;
                            /** @description for post-loan management without an authorisation: the lender's open account it rests on */
                            openAccount: string | null;
                            purpose: string;
                            /** @description masked */
                            subject: string;
                            /** @enum {string} */
                            subjectKind: "person" | "organisation";
                        }[];
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    inquireIntoCredit: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the lender's reference of the written authorisation */
                    consent?: string;
                    /** @description months of the repayment grid; 24 by default */
                    months?: 24 | 60;
                    /** @description an inquiry purpose of the pack (furnishing.yaml inquiryPurposes) */
                    purpose: string;
                    /** @description a resident identity number or a USCC */
                    subject: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        inquiry: {
                            /** Format: date-time */
                            at: string;
                            /** @description the authorisation it rests on */
                            consent: string | null;
                            /**
                             * Format: date
                             * @description the local date, as reports show it
                             */
                            date: string;
                            /** @description the credit.inquiry event on the subject's log */
                            event: {
                                index: number;
                                log: number;
                            };
                            id: string;
                            /** @description for post-loan management without an authorisation: the lender's open account it rests on */
                            openAccount: string | null;
                            purpose: string;
                            /** @description masked */
                            subject: string;
                            /** @enum {string} */
                            subjectKind: "person" | "organisation";
                        };
                        /** @description the financial credit report (征信报告) as of a date */
                        report: {
                            accounts: {
                                accounts: {
                                    account: string;
                                    currency: string;
                                    furnisher: {
                                        code: string;
                                        name: string;
                                    };
                                    /** @description oldest month first; null where nothing is furnished or adverse information is past its five years (art. 16) */
                                    grid: {
                                        daysPastDue: number | null;
                                        /** @description YYYY-MM */
                                        month: string;
                                        status: ("N" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "C" | "G" | "D" | "Z" | "B" | "*" | "#") | null;
                                    }[];
                                    guarantors: string[];
                                    latest: {
                                        /** @description yuan */
                                        amountDue: number;
                                        /** @description yuan */
                                        amountPaid: number;
                                        /** @description yuan */
                                        balance: number;
                                        closedOn: string | null;
                                        daysPastDue: number | null;
                                        month: string;
                                        status: ("N" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "C" | "G" | "D" | "Z" | "B" | "*" | "#") | null;
                                        writtenOff: number | null;
                                    } | null;
                                    limit: number | null;
                                    /** Format: date */
                                    openedOn: string;
                                    principal: number | null;
                                    /** @enum {string} */
                                    state: "open" | "settled" | "closed" | "written-off";
                                    termMonths: number | null;
                                    /** @enum {string} */
                                    type: "non-revolving-loan" | "revolving-loan" | "credit-card" | "guarantee";
                                }[];
                                /** @description text in Chinese and English */
                                label: {
                                    en: string;
                                    zh: string;
                                };
                                /** @enum {string} */
                                type: "non-revolving-loan" | "revolving-loan" | "credit-card" | "guarantee";
                            }[];
                            /** Format: date */
                            asOf: string;
                            disputes: {
                                account: string;
                                dueOn: string;
                                filedOn: string;
                                furnisher: string;
                                month: string | null;
                                objection: string;
                                state: string;
                            }[];
                            /** @enum {string} */
                            format: "xinyong-financial-credit-report/1";
                            guarantees: {
                                account: string;
                                amount: number | null;
                                balance: number | null;
                                /** @description masked */
                                borrower: string;
                                currency: string;
                                furnisher: {
                                    code: string;
                                    name: string;
                                };
                                /** Format: date */
                                openedOn: string;
                                /** @enum {string} */
                                state: "open" | "settled" | "closed" | "written-off";
                                status: ("N" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "C" | "G" | "D" | "Z" | "B" | "*" | "#") | null;
                                /** @enum {string} */
                                type: "non-revolving-loan" | "revolving-loan" | "credit-card" | "guarantee";
                            }[];
                            identity: {
                                /** @enum {string} */
                                kind: "person" | "organisation";
                                masked: string;
                                name: string | null;
                            };
                            inquiries: {
                                /** Format: date */
                                date: string;
                                institution: {
                                    code: string;
                                    name: string;
                                };
                                purpose: string;
                                /** @description text in Chinese and English */
                                purposeLabel: {
                                    en: string;
                                    zh: string;
                                };
                            }[];
                            months: 24 | 60;
                            publicRecords: {
                                listEntries: {
                                    decidingAgency: string;
                                    entryId: string;
                                    legalBasis: {
                                        articles?: string;
                                        /** @description text in Chinese and English */
                                        instrument: {
                                            en: string;
                                            zh: string;
                                        };
                                        issuer?: string;
                                        note?: string;
                                        /** @description document number, e.g. 法释〔2017〕7号 */
                                        reference?: string;
                                    }[];
                                    list: string;
                                    listedOn: string | null;
                                    /** @description text in Chinese and English */
                                    listName: {
                                        en: string;
                                        zh: string;
                                    };
                                    until: string | null;
                                }[];
                                records: {
                                    agency: string;
                                    decision: {
                                        [key: string]: string;
                                    };
                                    item: string;
                                    /** @description text in Chinese and English */
                                    itemName: {
                                        en: string;
                                        zh: string;
                                    };
                                    /** @enum {string} */
                                    kind: "court-enforcement" | "tax-arrears" | "administrative-penalty";
                                    legalBasis: {
                                        articles?: string;
                                        /** @description text in Chinese and English */
                                        instrument: {
                                            en: string;
                                            zh: string;
                                        };
                                        issuer?: string;
                                        note?: string;
                                        /** @description document number, e.g. 法释〔2017〕7号 */
                                        reference?: string;
                                    }[];
                                    publicity: {
                                        end: string | null;
                                        start: string | null;
                                    };
                                    recordId: string;
                                }[];
                            };
                            /** @description a person's credit score as of the report's date; absent from an organisation's report */
                            score?: {
                                /** Format: date */
                                asOf: string;
                                attributes: {
                                    /** @enum {string} */
                                    attribute: "worst-status-24m" | "months-late-24m" | "derogatory-accounts" | "revolving-utilisation" | "hard-inquiries-12m" | "history-length" | "credit-mix";
                                    best: number;
                                    lost: number;
                                    /** @description text in Chinese and English */
                                    name: {
                                        en: string;
                                        zh: string;
                                    };
                                    points: number;
                                    value: (number | string) | null;
                                }[];
                                band: {
                                    band: string;
                                    /** @description text in Chinese and English */
                                    label: {
                                        en: string;
                                        zh: string;
                                    };
                                };
                                /**
                                 * Format: date
                                 * @description the day that version took effect
                                 */
                                effectiveFrom: string;
                                /** @description code@version of the scorecard in force on asOf */
                                model: string;
                                /** @description points lost beyond the reasons: score + reasons + otherLost = range.max */
                                otherLost: number;
                                range: {
                                    max: number;
                                    min: number;
                                };
                                /** @description at most four, largest loss first */
                                reasons: {
                                    /** @description text in Chinese and English */
                                    change: {
                                        en: string;
                                        zh: string;
                                    };
                                    /**
                                     * @description the reason code: the attribute that lost the points
                                     * @enum {string}
                                     */
                                    code: "worst-status-24m" | "months-late-24m" | "derogatory-accounts" | "revolving-utilisation" | "hard-inquiries-12m" | "history-length" | "credit-mix";
                                    lost: number;
                                    /** @description text in Chinese and English */
                                    text: {
                                        en: string;
                                        zh: string;
                                    };
                                }[];
                                score: number;
                                /** @enum {boolean} */
                                scored: true;
                            } | {
                                /** Format: date */
                                asOf: string;
                                /** @enum {string} */
                                reason: "not-a-person" | "no-accounts" | "no-scorecard";
                                /** @enum {boolean} */
                                scored: false;
                            };
                            statement: {
                                addedOn: string;
                                text: string;
                            } | null;
                            summary: {
                                accountCount: number;
                                accounts: {
                                    count: number;
                                    /** @description text in Chinese and English */
                                    label: {
                                        en: string;
                                        zh: string;
                                    };
                                    open: number;
                                    /** @enum {string} */
                                    type: "non-revolving-loan" | "revolving-loan" | "credit-card" | "guarantee";
                                }[];
                                guaranteesGiven: {
                                    /** @description yuan */
                                    amount: number;
                                    count: number;
                                };
                                inquiries: {
                                    lastTwoYears: number;
                                    lastYear: number;
                                };
                                openCount: number;
                                /** @description yuan */
                                totalBalance: number;
                                /** @description yuan */
                                totalLimit: number;
                                /** @description yuan */
                                totalPrincipal: number;
                                worstStatus24: ("N" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "C" | "G" | "D" | "Z" | "B" | "*" | "#") | null;
                                writtenOffCount: number;
                            };
                        };
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listCreditObjections: {
        parameters: {
            query?: {
                state?: "open" | "escalated" | "answered";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        objections: components["schemas"]["CreditObjection"][];
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEscalations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Escalations */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Escalations"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEvaluations: {
        parameters: {
            query?: {
                /** @description YYYY-MM-DD (the end of that day) or an ISO 8601 instant: the evaluations as the platform showed them then, with the overrides then in force */
                asOf?: string;
            };
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Evaluations */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Evaluations"];
                };
            };
            /** @description Problem details (application/problem+json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEvaluationHistory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description EvaluationHistory */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EvaluationHistory"];
                };
            };
            /** @description Problem details (application/problem+json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    overrideTier: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    lift?: boolean;
                    /** Format: safe-text */
                    reason: string;
                    scorecard: string;
                    tier?: string;
                };
            };
        };
        responses: {
            /** @description the subject's evaluations in full, the override in them */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        evaluations: components["schemas"]["Evaluation"][];
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportList: {
        parameters: {
            query?: {
                /** @description the day whose entries in force are exported; default today */
                date?: string;
                /** @description ndjson (one entry a line), csv (RFC 4180 with a header row) or ftm (FollowTheMoney entities, one a line); default ndjson */
                format?: "ndjson" | "csv" | "ftm";
            };
            header?: never;
            path: {
                /** @description the list code, e.g. serious-illegal-dishonest */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the export, as an attachment */
            200: {
                headers: {
                    /** @description the SHA-256 of the file, hex, quoted */
                    etag?: string;
                    /** @description sha-256=:<base64>: of the whole file (RFC 9530) */
                    "repr-digest"?: string;
                    /** @description the signed checkpoint of the ledger the file reflects */
                    "x-xinyong-checkpoint"?: number;
                    /** @description entries in the export (for a delta, in the newer one) */
                    "x-xinyong-entries"?: number;
                    /** @description true when the export is kept as first made once its day ended (its bytes never change) */
                    "x-xinyong-export-kept"?: boolean;
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                    "text/csv": string;
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportListDelta: {
        parameters: {
            query?: {
                /** @description ndjson (one entry a line), csv (RFC 4180 with a header row) or ftm (FollowTheMoney entities, one a line); default ndjson */
                format?: "ndjson" | "csv" | "ftm";
                /** @description the older export's day; default the day before `to` */
                from?: string;
                /** @description the newer export's day; default today */
                to?: string;
            };
            header?: never;
            path: {
                /** @description the list code, e.g. serious-illegal-dishonest */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the delta, as an attachment */
            200: {
                headers: {
                    /** @description the SHA-256 of the file, hex, quoted */
                    etag?: string;
                    /** @description sha-256=:<base64>: of the whole file (RFC 9530) */
                    "repr-digest"?: string;
                    /** @description the signed checkpoint of the ledger the file reflects */
                    "x-xinyong-checkpoint"?: number;
                    /** @description entries in the export (for a delta, in the newer one) */
                    "x-xinyong-entries"?: number;
                    /** @description true when the export is kept as first made once its day ended (its bytes never change) */
                    "x-xinyong-export-kept"?: boolean;
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                    "text/csv": string;
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getListExportManifest: {
        parameters: {
            query?: {
                /** @description the day; default today */
                date?: string;
            };
            header?: never;
            path: {
                /** @description the list code, e.g. serious-illegal-dishonest */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ExportManifest */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExportManifest"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportPublicRecords: {
        parameters: {
            query?: {
                /** @description the day whose public records are exported; default today */
                date?: string;
                /** @description ndjson (one record a line) or csv (RFC 4180 with a header row; the public fields as one JSON column); default ndjson */
                format?: "ndjson" | "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the public records, as an attachment */
            200: {
                headers: {
                    /** @description the SHA-256 of the file, hex, quoted */
                    etag?: string;
                    /** @description sha-256=:<base64>: of the whole file (RFC 9530) */
                    "repr-digest"?: string;
                    /** @description the signed checkpoint of the ledger the file reflects */
                    "x-xinyong-checkpoint"?: number;
                    /** @description entries in the export (for a delta, in the newer one) */
                    "x-xinyong-entries"?: number;
                    /** @description true when the export is kept as first made once its day ended (its bytes never change) */
                    "x-xinyong-export-kept"?: boolean;
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                    "text/csv": string;
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    exportPublicRecordsDelta: {
        parameters: {
            query?: {
                /** @description ndjson (one record a line) or csv (RFC 4180 with a header row; the public fields as one JSON column); default ndjson */
                format?: "ndjson" | "csv";
                /** @description the older day; default the day before `to` */
                from?: string;
                /** @description the newer day; default today */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the delta, as an attachment */
            200: {
                headers: {
                    /** @description the SHA-256 of the file, hex, quoted */
                    etag?: string;
                    /** @description sha-256=:<base64>: of the whole file (RFC 9530) */
                    "repr-digest"?: string;
                    /** @description the signed checkpoint of the ledger the file reflects */
                    "x-xinyong-checkpoint"?: number;
                    /** @description entries in the export (for a delta, in the newer one) */
                    "x-xinyong-entries"?: number;
                    /** @description true when the export is kept as first made once its day ended (its bytes never change) */
                    "x-xinyong-export-kept"?: boolean;
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                    "text/csv": string;
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPublicRecordsManifest: {
        parameters: {
            query?: {
                /** @description the day; default today */
                date?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description PublicRecordsManifest */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicRecordsManifest"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAccountMonth: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                account: string;
                month: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        versions: {
                            batchId: string;
                            /** @description the line's leaf index in its batch's tree */
                            leaf: number;
                            /** @description the line in its canonical form (the bytes its leaf hashes) */
                            line: {
                                [key: string]: unknown;
                            };
                            seq: number;
                        }[];
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listBatches: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        batches: {
                            batchId: string;
                            counts: {
                                account: number;
                                consent: number;
                                notice: number;
                                statement: number;
                            };
                            /** @description the same batch was furnished before; nothing new was stored */
                            duplicate: boolean;
                            /** @description the furnishing.batch event in the ledger */
                            event: {
                                index: number;
                                log: number;
                            };
                            furnisher: string;
                            lines: number;
                            /** @description YYYY-MM */
                            month: string;
                            /** @description the root (base64) of the batch's Merkle tree over its lines' canonical JSON, RFC 9162 hashing */
                            root: string;
                            /** @description the furnisher's batch sequence: the version of every line the batch holds */
                            seq: number;
                        }[];
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    furnishBatch: {
        parameters: {
            query: {
                /** @description the reporting month, YYYY-MM */
                month: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": ({
                    /** @description Account identifier (账户标识); category account */
                    account: string;
                    /** @description Borrower (resident identity number or USCC) (借款人身份标识); category borrower; a resident identity number or a USCC */
                    borrower: string;
                    /** @description Written consent reference (书面同意编号); category consent */
                    consent?: string;
                    /** @description Currency (币种); category contract */
                    currency: string;
                    /** @description Deposits (存款金额); category deposits; yuan, at most two decimals */
                    declaredDeposits?: number;
                    /** @description Declared annual income (申报收入（年）); category income; yuan, at most two decimals */
                    declaredIncome?: number;
                    /** @description Real estate value (不动产价值); category real-estate; yuan, at most two decimals */
                    declaredRealEstate?: number;
                    /** @description Annual tax paid (纳税数额（年）); category tax; yuan, at most two decimals */
                    declaredTax?: number;
                    /** @description Guarantors (担保人); category borrower; resident identity numbers or USCCs */
                    guarantors?: string[];
                    /** @enum {string} */
                    kind: "account";
                    /** @description Credit limit (授信额度); category contract; yuan, at most two decimals */
                    limit?: number;
                    /**
                     * Format: date
                     * @description Opened on (开立日期); category contract
                     */
                    openedOn: string;
                    /** @description Principal (amount guaranteed) (借款金额（担保金额）); category contract; yuan, at most two decimals */
                    principal?: number;
                    /** @description Term in months (还款期数（月）); category contract */
                    termMonths?: number;
                    /**
                     * @description Account type (账户类型); category account
                     * @enum {string}
                     */
                    type: "non-revolving-loan" | "revolving-loan" | "credit-card" | "guarantee";
                } | {
                    /** @description Account identifier (账户标识); category account */
                    account: string;
                    /** @description Amount due (本月应还款); category amount; yuan, at most two decimals */
                    amountDue: number;
                    /** @description Amount paid (本月实还款); category amount; yuan, at most two decimals */
                    amountPaid: number;
                    /** @description Balance (余额); category amount; yuan, at most two decimals */
                    balance: number;
                    /**
                     * Format: date
                     * @description Closed on (结清（关闭）日期); category status
                     */
                    closedOn?: string;
                    /** @description Days past due (逾期天数); category repayment */
                    daysPastDue: number;
                    /** @enum {string} */
                    kind: "statement";
                    /** @description Reporting month (报告月份); category repayment */
                    month: string;
                    /**
                     * @description Repayment status (还款状态); category status
                     * @enum {string}
                     */
                    status: "N" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "C" | "G" | "D" | "Z" | "B" | "*" | "#";
                    /** @description Amount written off (核销金额); category status; yuan, at most two decimals */
                    writtenOff?: number;
                } | {
                    /** @description Account identifier (账户标识); category account */
                    account: string;
                    /** @enum {string} */
                    kind: "notice";
                    /**
                     * @description How the person was told (告知方式); category notice
                     * @enum {string}
                     */
                    method: "letter" | "sms" | "app-message" | "in-person" | "contract-clause";
                    /**
                     * Format: date
                     * @description Notified on (告知日期); category notice
                     */
                    notifiedOn: string;
                } | {
                    /** @description The person consenting (信息主体); category borrower; a resident identity number or a USCC */
                    borrower: string;
                    /**
                     * Format: date
                     * @description Expires on (有效期至); category consent
                     */
                    expiresOn?: string;
                    /** @enum {string} */
                    kind: "consent";
                    /** @description Consent reference (同意书编号); category consent */
                    reference: string;
                    /** @description Items consented to (同意采集的信息); category consent */
                    scope: ("furnishing" | "income" | "deposits" | "securities" | "insurance" | "real-estate" | "tax")[];
                    /**
                     * Format: date
                     * @description Signed on (签署日期); category consent
                     */
                    signedOn: string;
                })[];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        batchId: string;
                        counts: {
                            account: number;
                            consent: number;
                            notice: number;
                            statement: number;
                        };
                        /** @description the same batch was furnished before; nothing new was stored */
                        duplicate: boolean;
                        /** @description the furnishing.batch event in the ledger */
                        event: {
                            index: number;
                            log: number;
                        };
                        furnisher: string;
                        lines: number;
                        /** @description YYYY-MM */
                        month: string;
                        /** @description the root (base64) of the batch's Merkle tree over its lines' canonical JSON, RFC 9162 hashing */
                        root: string;
                        /** @description the furnisher's batch sequence: the version of every line the batch holds */
                        seq: number;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        batchId: string;
                        counts: {
                            account: number;
                            consent: number;
                            notice: number;
                            statement: number;
                        };
                        /** @description the same batch was furnished before; nothing new was stored */
                        duplicate: boolean;
                        /** @description the furnishing.batch event in the ledger */
                        event: {
                            index: number;
                            log: number;
                        };
                        furnisher: string;
                        lines: number;
                        /** @description YYYY-MM */
                        month: string;
                        /** @description the root (base64) of the batch's Merkle tree over its lines' canonical JSON, RFC 9162 hashing */
                        root: string;
                        /** @description the furnisher's batch sequence: the version of every line the batch holds */
                        seq: number;
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listObjectionsToAnswer: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        objections: components["schemas"]["CreditObjection"][];
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    answerCreditObjection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the batch that furnished the corrected version (its batch id) */
                    correctionBatch?: string;
                    /** Format: safe-text */
                    explanation: string;
                    outcome: "upheld-corrected" | "rejected";
                };
            };
        };
        responses: {
            /** @description CreditObjection */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreditObjection"];
                };
            };
            /** @description Problem details (application/problem+json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    drawInspections: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    divisionPrefix?: string;
                    inspectors?: {
                        conflicts?: string[];
                        excludedDivisions?: string[];
                        id: string;
                    }[];
                    seed: string;
                };
            };
        };
        responses: {
            /** @description Draw */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Draw"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getInspectionDraw: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Draw */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Draw"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyInspectionDraw: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description DrawVerification */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DrawVerification"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getListEntry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description in full (ListEntry) for its subject, its deciding agency and the oversight roles; otherwise the public view of an entry in force */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEntry"] | components["schemas"]["PublicListEntry"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    takeListEntryStep: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                step: "notice" | "statement" | "decision" | "extension" | "removal";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: safe-text
                     * @description notice: the facts, the legal basis and the right to state one’s case
                     */
                    facts: string;
                } | {
                    /** Format: safe-text */
                    statement: string;
                } | {
                    outcome: "add" | "drop";
                    /** Format: safe-text */
                    reasons: string;
                } | {
                    /** Format: safe-text */
                    reasons: string;
                    /**
                     * Format: date
                     * @description YYYY-MM-DD, the new first day off the list
                     */
                    until: string;
                } | {
                    /** @description one of the list's removal reasons (repair goes through a repair application) */
                    reason: "expiry" | "repair" | "performance" | "settlement" | "court-decision" | "objection-upheld" | "decision-revoked" | "corrected" | "downgraded";
                    /** Format: safe-text */
                    reasons: string;
                };
            };
        };
        responses: {
            /** @description ListEntry */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEntry"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLists: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ListSummaries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListSummaries"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getList: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description for a serious list: one of the four areas the law allows */
                        area?: "health-and-safety" | "fair-competition-and-social-order" | "refusing-legal-obligations" | "national-defence";
                        /** @description a kebab-case identifier */
                        code: string;
                        /** @description a period such as P3M or P1Y */
                        duration: string;
                        durationNote?: string;
                        /** @description a date field of the triggering record naming the last listed day */
                        endsOnField?: string;
                        escalation?: {
                            /** @description a period such as P3M or P1Y */
                            after: string;
                            note?: string;
                            /** @description a kebab-case identifier */
                            to: string;
                        };
                        extension?: {
                            /** @description a period such as P3M or P1Y */
                            maximum: string;
                            note?: string;
                        };
                        inclusion: {
                            /** @description text in Chinese and English */
                            description: {
                                en: string;
                                zh: string;
                            };
                            /** @description catalogue items whose filing proposes an entry */
                            items: string[];
                        };
                        /** @description the deciding authority lists by its own procedure, which gives notice (e.g. a court): its filed decision is the listing, in force from the decision, with no notice period of the platform */
                        inForceFromDecision?: {
                            /** @description a date field of the triggering record stating the day the decision takes effect; else its date */
                            effectiveFromField?: string;
                            legalBasis: {
                                articles?: string;
                                /** @description text in Chinese and English */
                                instrument: {
                                    en: string;
                                    zh: string;
                                };
                                issuer?: string;
                                note?: string;
                                /** @description document number, e.g. 法释〔2017〕7号 */
                                reference?: string;
                            }[];
                            note: string;
                        };
                        legalBasis: {
                            articles?: string;
                            /** @description text in Chinese and English */
                            instrument: {
                                en: string;
                                zh: string;
                            };
                            issuer?: string;
                            note?: string;
                            /** @description document number, e.g. 法释〔2017〕7号 */
                            reference?: string;
                        }[];
                        /** @description text in Chinese and English */
                        name: {
                            en: string;
                            zh: string;
                        };
                        notice: {
                            required: boolean;
                            workingDays: number;
                        };
                        objectionStanding?: {
                            /** @description agency kinds with standing to object */
                            agencyKinds: string[];
                            /** @description the legal interest these agencies have in the record or entry */
                            interest: string;
                            legalBasis: {
                                articles?: string;
                                /** @description text in Chinese and English */
                                instrument: {
                                    en: string;
                                    zh: string;
                                };
                                issuer?: string;
                                note?: string;
                                /** @description document number, e.g. 法释〔2017〕7号 */
                                reference?: string;
                            }[];
                        }[];
                        /** @description agency kinds that may propose, notify and decide */
                        proposers: string[];
                        removal: ("expiry" | "repair" | "performance" | "settlement" | "court-decision" | "objection-upheld" | "decision-revoked" | "corrected" | "downgraded")[];
                        removalNote?: string;
                        repairable: boolean;
                        /** @description a period such as P3M or P1Y */
                        repairAfter?: string;
                        subjectKinds: ("enterprise" | "individual-business" | "farmers-cooperative" | "social-organisation" | "public-institution" | "government-body" | "mass-organisation" | "other-organisation" | "natural-person")[];
                        type: "serious" | "watch" | "redlist";
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    followListChanges: {
        parameters: {
            query?: {
                /** @description a `next` of an earlier page; 0 for the start */
                after?: string;
                limit?: number;
            };
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ListChanges */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListChanges"];
                };
            };
            /** @description Problem details (application/problem+json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEntriesOnDay: {
        parameters: {
            query?: {
                after?: string;
                date?: string;
                limit?: number;
            };
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ListEntriesPage */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEntriesPage"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    proposeListEntry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    basisRecords: string[];
                    /** Format: safe-text */
                    reasons: string;
                };
            };
        };
        responses: {
            /** @description ListEntry */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEntry"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLatestCheckpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the signed checkpoint */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Problem details (application/problem+json) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCheckpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the checkpoint’s number: checkpoints are numbered from 1 in the order they were made */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the signed checkpoint */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    addCosignature: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "text/plain": string;
            };
        };
        responses: {
            /** @description not kept: a newer cosignature of this text by the witness is kept */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CosignatureKept"];
                };
            };
            /** @description CosignatureKept */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CosignatureKept"];
                };
            };
            /** @description Problem details (application/problem+json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLogEntry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the entry’s index in its log, from 0 */
                index: number;
                /** @description the log: 0 the platform log, 1 to P the subject logs */
                log: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description LogEntry */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogEntry"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLogKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description LogKeys */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogKeys"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getConsistencyProofs: {
        parameters: {
            query: {
                /** @description each log’s size, log 0 first, separated by commas (as a checkpoint’s `log <n> <size> <root>` lines give them) */
                from: string;
                /** @description each log’s size, log 0 first, separated by commas (as a checkpoint’s `log <n> <size> <root>` lines give them); by default the current checkpoint’s */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ConsistencyProofs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsistencyProofs"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getInclusionProof: {
        parameters: {
            query: {
                /** @description the entry’s index in its log, from 0 */
                index: number;
                /** @description the log: 0 the platform log, 1 to P the subject logs */
                log: number;
                /** @description the size of the log’s tree to prove it in; by default the log’s size in the current checkpoint */
                size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description InclusionProof */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InclusionProof"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOwnRecord: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OwnView */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OwnView"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listChecksAboutMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checks: {
                            /** Format: date-time */
                            askedAt: string;
                            /** @description agency:<code> or the account that asked */
                            askedBy: string;
                            /** Format: date */
                            asOf: string;
                            checkId: string;
                            /** @description what the asking agency reported doing, if it did */
                            feedbackAction: string | null;
                            measures: string[];
                            outcome: string;
                            scenario: string;
                        }[];
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listOwnCreditObjections: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        objections: components["schemas"]["CreditObjection"][];
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    objectToCreditAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the furnisher's account identifier */
                    account: string;
                    /** @description the furnisher's agency code */
                    furnisher: string;
                    /** @description the month objected to (YYYY-MM); absent: the account as a whole */
                    month?: string;
                    /** Format: safe-text */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description CreditObjection */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreditObjection"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOwnCreditReport: {
        parameters: {
            query?: {
                /** @description accepts the stated fee of a report beyond the free ones of the year */
                acceptFee?: boolean;
                /** @description the language of the signed copy (default zh) */
                lang?: "zh" | "en";
                /** @description months of the repayment grid (default 24) */
                months?: 24 | 60;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        count: {
                            /** @enum {string} */
                            currency: "CNY";
                            /** @description the fee of this report, yuan (0 when free) */
                            feeCharged: number;
                            freePerYear: number;
                            freeRemaining: number;
                            freeUsed: number;
                            /** @description the fee of the next report in the period, yuan (0 while free ones remain) */
                            nextFee: number;
                            /** @description the calendar year counted */
                            period: number;
                            /** @description own reports served in the period, this one included */
                            served: number;
                        };
                        /** @description the financial credit report (征信报告) as of a date */
                        report: {
                            accounts: {
                                accounts: {
                                    account: string;
                                    currency: string;
                                    furnisher: {
                                        code: string;
                                        name: string;
                                    };
                                    /** @description oldest month first; null where nothing is furnished or adverse information is past its five years (art. 16) */
                                    grid: {
                                        daysPastDue: number | null;
                                        /** @description YYYY-MM */
                                        month: string;
                                        status: ("N" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "C" | "G" | "D" | "Z" | "B" | "*" | "#") | null;
                                    }[];
                                    guarantors: string[];
                                    latest: {
                                        /** @description yuan */
                                        amountDue: number;
                                        /** @description yuan */
                                        amountPaid: number;
                                        /** @description yuan */
                                        balance: number;
                                        closedOn: string | null;
                                        daysPastDue: number | null;
                                        month: string;
                                        status: ("N" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "C" | "G" | "D" | "Z" | "B" | "*" | "#") | null;
                                        writtenOff: number | null;
                                    } | null;
                                    limit: number | null;
                                    /** Format: date */
                                    openedOn: string;
                                    principal: number | null;
                                    /** @enum {string} */
                                    state: "open" | "settled" | "closed" | "written-off";
                                    termMonths: number | null;
                                    /** @enum {string} */
                                    type: "non-revolving-loan" | "revolving-loan" | "credit-card" | "guarantee";
                                }[];
                                /** @description text in Chinese and English */
                                label: {
                                    en: string;
                                    zh: string;
                                };
                                /** @enum {string} */
                                type: "non-revolving-loan" | "revolving-loan" | "credit-card" | "guarantee";
                            }[];
                            /** Format: date */
                            asOf: string;
                            disputes: {
                                account: string;
                                dueOn: string;
                                filedOn: string;
                                furnisher: string;
                                month: string | null;
                                objection: string;
                                state: string;
                            }[];
                            /** @enum {string} */
                            format: "xinyong-financial-credit-report/1";
                            guarantees: {
                                account: string;
                                amount: number | null;
                                balance: number | null;
                                /** @description masked */
                                borrower: string;
                                currency: string;
                                furnisher: {
                                    code: string;
                                    name: string;
                                };
                                /** Format: date */
                                openedOn: string;
                                /** @enum {string} */
                                state: "open" | "settled" | "closed" | "written-off";
                                status: ("N" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "C" | "G" | "D" | "Z" | "B" | "*" | "#") | null;
                                /** @enum {string} */
                                type: "non-revolving-loan" | "revolving-loan" | "credit-card" | "guarantee";
                            }[];
                            identity: {
                                /** @enum {string} */
                                kind: "person" | "organisation";
                                masked: string;
                                name: string | null;
                            };
                            inquiries: {
                                /** Format: date */
                                date: string;
                                institution: {
                                    code: string;
                                    name: string;
                                };
                                purpose: string;
                                /** @description text in Chinese and English */
                                purposeLabel: {
                                    en: string;
                                    zh: string;
                                };
                            }[];
                            months: 24 | 60;
                            publicRecords: {
                                listEntries: {
                                    decidingAgency: string;
                                    entryId: string;
                                    legalBasis: {
                                        articles?: string;
                                        /** @description text in Chinese and English */
                                        instrument: {
                                            en: string;
                                            zh: string;
                                        };
                                        issuer?: string;
                                        note?: string;
                                        /** @description document number, e.g. 法释〔2017〕7号 */
                                        reference?: string;
                                    }[];
                                    list: string;
                                    listedOn: string | null;
                                    /** @description text in Chinese and English */
                                    listName: {
                                        en: string;
                                        zh: string;
                                    };
                                    until: string | null;
                                }[];
                                records: {
                                    agency: string;
                                    decision: {
                                        [key: string]: string;
                                    };
                                    item: string;
                                    /** @description text in Chinese and English */
                                    itemName: {
                                        en: string;
                                        zh: string;
                                    };
                                    /** @enum {string} */
                                    kind: "court-enforcement" | "tax-arrears" | "administrative-penalty";
                                    legalBasis: {
                                        articles?: string;
                                        /** @description text in Chinese and English */
                                        instrument: {
                                            en: string;
                                            zh: string;
                                        };
                                        issuer?: string;
                                        note?: string;
                                        /** @description document number, e.g. 法释〔2017〕7号 */
                                        reference?: string;
                                    }[];
                                    publicity: {
                                        end: string | null;
                                        start: string | null;
                                    };
                                    recordId: string;
                                }[];
                            };
                            /** @description a person's credit score as of the report's date; absent from an organisation's report */
                            score?: {
                                /** Format: date */
                                asOf: string;
                                attributes: {
                                    /** @enum {string} */
                                    attribute: "worst-status-24m" | "months-late-24m" | "derogatory-accounts" | "revolving-utilisation" | "hard-inquiries-12m" | "history-length" | "credit-mix";
                                    best: number;
                                    lost: number;
                                    /** @description text in Chinese and English */
                                    name: {
                                        en: string;
                                        zh: string;
                                    };
                                    points: number;
                                    value: (number | string) | null;
                                }[];
                                band: {
                                    band: string;
                                    /** @description text in Chinese and English */
                                    label: {
                                        en: string;
                                        zh: string;
                                    };
                                };
                                /**
                                 * Format: date
                                 * @description the day that version took effect
                                 */
                                effectiveFrom: string;
                                /** @description code@version of the scorecard in force on asOf */
                                model: string;
                                /** @description points lost beyond the reasons: score + reasons + otherLost = range.max */
                                otherLost: number;
                                range: {
                                    max: number;
                                    min: number;
                                };
                                /** @description at most four, largest loss first */
                                reasons: {
                                    /** @description text in Chinese and English */
                                    change: {
                                        en: string;
                                        zh: string;
                                    };
                                    /**
                                     * @description the reason code: the attribute that lost the points
                                     * @enum {string}
                                     */
                                    code: "worst-status-24m" | "months-late-24m" | "derogatory-accounts" | "revolving-utilisation" | "hard-inquiries-12m" | "history-length" | "credit-mix";
                                    lost: number;
                                    /** @description text in Chinese and English */
                                    text: {
                                        en: string;
                                        zh: string;
                                    };
                                }[];
                                score: number;
                                /** @enum {boolean} */
                                scored: true;
                            } | {
                                /** Format: date */
                                asOf: string;
                                /** @enum {string} */
                                reason: "not-a-person" | "no-accounts" | "no-scorecard";
                                /** @enum {boolean} */
                                scored: false;
                            };
                            statement: {
                                addedOn: string;
                                text: string;
                            } | null;
                            summary: {
                                accountCount: number;
                                accounts: {
                                    count: number;
                                    /** @description text in Chinese and English */
                                    label: {
                                        en: string;
                                        zh: string;
                                    };
                                    open: number;
                                    /** @enum {string} */
                                    type: "non-revolving-loan" | "revolving-loan" | "credit-card" | "guarantee";
                                }[];
                                guaranteesGiven: {
                                    /** @description yuan */
                                    amount: number;
                                    count: number;
                                };
                                inquiries: {
                                    lastTwoYears: number;
                                    lastYear: number;
                                };
                                openCount: number;
                                /** @description yuan */
                                totalBalance: number;
                                /** @description yuan */
                                totalLimit: number;
                                /** @description yuan */
                                totalPrincipal: number;
                                worstStatus24: ("N" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "C" | "G" | "D" | "Z" | "B" | "*" | "#") | null;
                                writtenOffCount: number;
                            };
                        };
                        signed: {
                            /** @description the verification code */
                            code: string;
                            /** @description the signed report as HTML (the subject's own account) */
                            htmlPath: string;
                            /** @description the signed report as PDF (the subject's own account) */
                            pdfPath: string;
                            portalVerifyPath: string;
                            verifyPath: string;
                        };
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOwnScoreHistory: {
        parameters: {
            query?: {
                /** @description the rows numbered below this n (the `next` link carries it); default the newest */
                before?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        history: {
                            /**
                             * Format: date
                             * @description the date the score describes
                             */
                            asOf: string;
                            band: string | null;
                            /** @enum {string} */
                            cause: "inquiry" | "own-report" | "rescoring";
                            effectiveFrom: string | null;
                            /** @description code@version of the scorecard */
                            model: string | null;
                            /** @description the row ordinal, 1 for the first */
                            n: number;
                            /** @description why unscored: no-accounts, no-scorecard */
                            notScored: string | null;
                            /** @description the reason codes, largest loss first */
                            reasons: string[];
                            /** Format: date-time */
                            recordedAt: string;
                            score: number | null;
                            scored: boolean;
                        }[];
                        /** @description the path of the next page of older rows; null when none is left */
                        next: string | null;
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    putPersonalStatement: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: safe-text
                     * @description the statement, at most 500 characters (Unicode code points)
                     */
                    text: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statement: {
                            /** Format: date */
                            addedOn: string;
                            text: string;
                            version: number;
                        };
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMeasures: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        conflictResolution: {
                            note: string;
                            order: ("prohibit" | "restrict" | "enhanced-scrutiny" | "priority" | "simplified-procedure")[];
                            rewardsWithRestrictions: "suppressed" | "shown";
                        };
                        measures: {
                            /** @description a kebab-case identifier */
                            code: string;
                            effect: "prohibit" | "restrict" | "enhanced-scrutiny" | "priority" | "simplified-procedure";
                            extendsTo?: ("legal-representative" | "principal" | "actual-controller" | "restricted-person" | "responsible-person")[];
                            /** @description text in Chinese and English */
                            implementingAuthority: {
                                en: string;
                                zh: string;
                            };
                            kind: "restriction" | "reward";
                            legalBasis: {
                                articles?: string;
                                /** @description text in Chinese and English */
                                instrument: {
                                    en: string;
                                    zh: string;
                                };
                                issuer?: string;
                                note?: string;
                                /** @description document number, e.g. 法释〔2017〕7号 */
                                reference?: string;
                            }[];
                            /** @description text in Chinese and English */
                            name: {
                                en: string;
                                zh: string;
                            };
                            scenarios: string[];
                            subjectKinds?: ("enterprise" | "individual-business" | "farmers-cooperative" | "social-organisation" | "public-institution" | "government-body" | "mass-organisation" | "other-organisation" | "natural-person")[];
                            triggers: ({
                                /** @description a kebab-case identifier */
                                list: string;
                            } | {
                                /** @description a kebab-case identifier */
                                item: string;
                                where?: {
                                    field: string;
                                    includes: string[];
                                };
                                /** @description a period such as P3M or P1Y */
                                within?: string;
                            })[];
                        }[];
                        policyVersion: string;
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    fileObjection: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    evidence?: string[];
                    /** Format: safe-text */
                    reasons: string;
                    target: {
                        id: string;
                        type: "record" | "list-entry";
                    };
                };
            };
        };
        responses: {
            /** @description Objection */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Objection"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getObjection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Objection */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Objection"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    decideObjection: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the filing agency's corrected version of the record, when the objection is upheld */
                    correction?: {
                        /** @description the legally effective decision document the record comes from */
                        decision?: {
                            /** @description issuing authority */
                            authority: string;
                            /** @description the article of law applied */
                            basis: string;
                            /** Format: date */
                            date: string;
                            /** @description decision document number */
                            number: string;
                        };
                        /** @description fields to change; null removes an optional field */
                        fields?: {
                            [key: string]: unknown;
                        };
                    };
                    outcome: "maintained" | "corrected" | "withdrawn";
                    /** Format: safe-text */
                    reasons: string;
                };
            };
        };
        responses: {
            /** @description Objection */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Objection"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPublicityRules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        classes: {
                            /** @description a kebab-case identifier */
                            code: string;
                            description?: string;
                            /** @description text in Chinese and English */
                            name: {
                                en: string;
                                zh: string;
                            };
                        }[];
                        policyVersion: string;
                        ruleVersions: {
                            classes: {
                                [key: string]: {
                                    endField?: string;
                                    /** @description the end field names the last public day (有效期至 / 期限至), so publicity ends the day after it */
                                    endInclusive?: boolean;
                                    /** @description a period such as P3M or P1Y */
                                    maximum?: string;
                                    /** @description a period such as P3M or P1Y */
                                    minimum?: string;
                                    note?: string;
                                    repairable: boolean;
                                    window: "fixed" | "until-field" | "indefinite" | "none";
                                };
                            };
                            /** @description a calendar date, YYYY-MM-DD */
                            effectiveFrom: string;
                            /** @description a kebab-case identifier */
                            id: string;
                            legalBasis: {
                                articles?: string;
                                /** @description text in Chinese and English */
                                instrument: {
                                    en: string;
                                    zh: string;
                                };
                                issuer?: string;
                                note?: string;
                                /** @description document number, e.g. 法释〔2017〕7号 */
                                reference?: string;
                            }[];
                            objectionDeadlines: {
                                decidingAuthorityWorkingDays: number;
                                verified: boolean;
                            };
                            repairDeadlines: {
                                decidingAuthorityWorkingDays: number;
                                platformWorkingDays: number;
                                verified: boolean;
                            };
                            /** @description text in Chinese and English */
                            title: {
                                en: string;
                                zh: string;
                            };
                        }[];
                        timeZone: string;
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    fileRecords: {
        parameters: {
            query?: {
                /** @description accept codes whose check character fails, flagging them */
                lenientCodes?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecordSubmission"] | components["schemas"]["RecordSubmission"][];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmitResult"];
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmitResult"];
                };
            };
            /** @description Problem details (application/problem+json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRecord: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                recordId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FullRecord"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    correctRecord: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                recordId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Correction"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FullRecord"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    applyForRepair: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    commitment: {
                        /** Format: safe-text */
                        signatory: string;
                        /** Format: safe-text */
                        text: string;
                    };
                    evidence: string[];
                    target: {
                        id: string;
                        type: "record" | "list-entry";
                    };
                };
            };
        };
        responses: {
            /** @description Repair */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Repair"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRepair: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Repair */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Repair"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    decideRepair: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    outcome: "approved" | "refused";
                    /** Format: safe-text */
                    reasons: string;
                };
            };
        };
        responses: {
            /** @description Repair */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Repair"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRepairEligibility: {
        parameters: {
            query: {
                id: string;
                type: "record" | "list-entry";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description RepairEligibility */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RepairEligibility"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    issueReport: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description YYYY-MM-DD or an ISO 8601 instant */
                    asOf?: string;
                    lang?: "zh" | "en";
                    scope?: "public" | "full";
                    /** @description Unified Social Credit Code, or a resident identity number */
                    subject: string;
                };
            };
        };
        responses: {
            /** @description ReportIssued */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportIssued"];
                };
            };
            /** @description Problem details (application/problem+json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description verification code, e.g. XY-ABCD-EFGH-JKLM */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the stored report; with a .pdf or .html suffix, that rendering */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StoredReport"];
                    "application/pdf": string;
                    "text/html": string;
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReportHtml: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description verification code, e.g. XY-ABCD-EFGH-JKLM */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the report as HTML */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReportPdf: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description verification code, e.g. XY-ABCD-EFGH-JKLM */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the report as PDF */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyReport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description verification code, e.g. XY-ABCD-EFGH-JKLM */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ReportVerification */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportVerification"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReportPublicKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ReportPublicKey */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportPublicKey"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listScenarios: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        scenarios: {
                            /** @description a kebab-case identifier */
                            code: string;
                            description: string;
                            /** @description text in Chinese and English */
                            name: {
                                en: string;
                                zh: string;
                            };
                        }[];
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listScorecards: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        policyVersion: string;
                        scorecards: ({
                            base: number;
                            /** @description a kebab-case identifier */
                            code: string;
                            directTiers?: {
                                lists: string[];
                                note?: string;
                                tier: string;
                            }[];
                            /** @description a calendar date, YYYY-MM-DD */
                            effectiveFrom: string;
                            eligibility: {
                                /** @description a period such as P3M or P1Y */
                                minAge: string;
                                note?: string;
                                whenIneligible: "not-graded" | {
                                    /** @description text in Chinese and English */
                                    label: {
                                        en: string;
                                        zh: string;
                                    };
                                    minScore?: number;
                                    tier: string;
                                };
                            };
                            factors: {
                                /** @description the most the factor can add (positive) or take away (negative) */
                                cap: number;
                                /** @description a kebab-case identifier */
                                code: string;
                                /** @description a period such as P3M or P1Y */
                                halfLife?: string;
                                measure: "count" | {
                                    per: number;
                                    sum: string;
                                };
                                /** @description text in Chinese and English */
                                name: {
                                    en: string;
                                    zh: string;
                                };
                                points: number;
                                source: {
                                    agencyKinds?: string[];
                                    items?: string[];
                                    lists?: string[];
                                    where?: {
                                        field: string;
                                        includes: string[];
                                    };
                                };
                                /** @description in-effect: public records and listed entries; a period: decisions that recent */
                                window: "in-effect" | string;
                            }[];
                            /**
                             * @description the platform computes the tier from the subject's records and list entries by the factors below
                             * @enum {string}
                             */
                            kind: "computed";
                            legalBasis: {
                                articles?: string;
                                /** @description text in Chinese and English */
                                instrument: {
                                    en: string;
                                    zh: string;
                                };
                                issuer?: string;
                                note?: string;
                                /** @description document number, e.g. 法释〔2017〕7号 */
                                reference?: string;
                            }[];
                            /** @description text in Chinese and English */
                            name: {
                                en: string;
                                zh: string;
                            };
                            publicTiers: string[];
                            subjectKinds: ("enterprise" | "individual-business" | "farmers-cooperative" | "social-organisation" | "public-institution" | "government-body" | "mass-organisation" | "other-organisation" | "natural-person")[];
                            tiers: {
                                /** @description text in Chinese and English */
                                label: {
                                    en: string;
                                    zh: string;
                                };
                                minScore?: number;
                                tier: string;
                            }[];
                            version: string;
                        } | {
                            /** @description a kebab-case identifier */
                            code: string;
                            /** @description a calendar date, YYYY-MM-DD */
                            effectiveFrom: string;
                            /**
                             * @description the tier is an authority's grade as it filed it, never computed by the platform
                             * @enum {string}
                             */
                            kind: "mirrors";
                            legalBasis: {
                                articles?: string;
                                /** @description text in Chinese and English */
                                instrument: {
                                    en: string;
                                    zh: string;
                                };
                                issuer?: string;
                                note?: string;
                                /** @description document number, e.g. 法释〔2017〕7号 */
                                reference?: string;
                            }[];
                            mirrors: {
                                /** @description an enum field of the item whose values are the tiers */
                                field: string;
                                /** @description a kebab-case identifier */
                                item: string;
                                note?: string;
                                /** @description an integer field of the item naming the period the grade is for (an evaluation year): of two grades decided the same day, the later period's is in force, then the later filing */
                                period?: string;
                                /**
                                 * @description where the authority filed no grade in force
                                 * @enum {string}
                                 */
                                whenNone: "no-evaluation";
                            };
                            /** @description text in Chinese and English */
                            name: {
                                en: string;
                                zh: string;
                            };
                            publicTiers: string[];
                            subjectKinds: ("enterprise" | "individual-business" | "farmers-cooperative" | "social-organisation" | "public-institution" | "government-body" | "mass-organisation" | "other-organisation" | "natural-person")[];
                            /** @description one per value of the mirrored field, the tier named by the value */
                            tiers: {
                                /** @description text in Chinese and English */
                                label: {
                                    en: string;
                                    zh: string;
                                };
                                tier: string;
                            }[];
                            version: string;
                        })[];
                        supervision: {
                            legalBasis: {
                                articles?: string;
                                /** @description text in Chinese and English */
                                instrument: {
                                    en: string;
                                    zh: string;
                                };
                                issuer?: string;
                                note?: string;
                                /** @description document number, e.g. 法释〔2017〕7号 */
                                reference?: string;
                            }[];
                            rates: {
                                range: number[];
                                rate: number;
                                tier: string;
                            }[];
                            /** @description a kebab-case identifier */
                            scorecard: string;
                        };
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    screenBatch: {
        parameters: {
            query: {
                /** @description matches per name line, best first (default 5) */
                limit?: number;
                /** @description the scenario whose measures apply (GET /v1/scenarios) */
                scenario: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description a Unified Social Credit Code or a resident identity number: screened exactly */
                    code?: string;
                    /** @description an organisation's name or part of it, pinyin or initials: the best matches, ranked and explained (persons are matched by identity number only) */
                    name?: string;
                    /** @description the caller's own reference for the line, echoed */
                    ref?: string;
                }[];
            };
        };
        responses: {
            /** @description one line per line screened (application/x-ndjson) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                };
            };
            /** @description Problem details (application/problem+json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    password: string;
                    username: string;
                };
            };
        };
        responses: {
            /** @description Session */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            423: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the session token no longer works */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMeasureStatistics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: date-time
                         * @description when the counts were taken; one count serves for a minute
                         */
                        asOf: string;
                        checks: {
                            checks: number;
                            outcome: string;
                            scenario: string;
                        }[];
                        measuresApplied: {
                            measure: string;
                            /** @description agencies' feedback that the measure was applied */
                            times: number;
                        }[];
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    searchSubjects: {
        parameters: {
            query: {
                /** @description only these kinds of subject */
                kind?: ("enterprise" | "individual-business" | "farmers-cooperative" | "social-organisation" | "public-institution" | "government-body" | "mass-organisation" | "other-organisation" | "natural-person")[];
                limit?: number;
                /** @description what to look for, e.g. 华为, huawei, hw, 914403001922038216 or 91440300 */
                q: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description SearchResults */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchResults"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPublicProfile: {
        parameters: {
            query?: {
                /** @description YYYY-MM-DD or an ISO 8601 instant */
                asOf?: string;
            };
            header?: never;
            path: {
                /** @description Unified Social Credit Code */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicProfile"];
                };
            };
            /** @description Problem details (application/problem+json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAccessLog: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description AccessLog */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessLog"];
                };
            };
            /** @description Problem details (application/problem+json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSubjectRecord: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OwnView */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OwnView"];
                };
            };
            /** @description Problem details (application/problem+json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        subscriptions: {
                            /** Format: date-time */
                            createdAt: string;
                            endedAt: string | null;
                            id: string;
                            lists: string[];
                            /** @description the subjects watched: each USCC, or a person's masked identity number */
                            subjects: string[];
                            url: string;
                        }[];
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    subscribeWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description now (default): changes from now on; start: every change in each list's feed. Watched subjects are watched from now on either way: their earlier records are never replayed */
                    from?: "now" | "start";
                    /** @description the lists whose changes are delivered; lists, subjects or both must name at least one */
                    lists?: string[];
                    /** @description the subjects watched (Unified Social Credit Codes or resident identity numbers, known to the platform or not), from now on whatever from says: each change of a record about one that the public can see, on the day of the change, before it or after it, is delivered */
                    subjects?: string[];
                    /** @description the endpoint: https (plain http only on the loopback address), no credentials in it */
                    url: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        endedAt: string | null;
                        id: string;
                        lists: string[];
                        /** @description the HMAC key, whsec_ and base64: shown once */
                        secret: string;
                        /** @description the subjects watched: each USCC, or a person's masked identity number */
                        subjects: string[];
                        url: string;
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    endWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        endedAt: string | null;
                        id: string;
                        lists: string[];
                        /** @description the subjects watched: each USCC, or a person's masked identity number */
                        subjects: string[];
                        url: string;
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                /** @description a delivery cursor (seq); default 0 */
                after?: number;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deliveries: {
                            attempts: number;
                            deliveredAt: string | null;
                            /** @description the body delivered: {id, type, subscription, list, change} or {id, type, subscription, subject, change} */
                            event: {
                                [key: string]: unknown;
                            };
                            /** @description the event id, also the webhook-id header: the same on every attempt and replay */
                            eventId: string;
                            lastAttemptAt: string | null;
                            lastError: string | null;
                            lastStatus: number | null;
                            nextAttemptAt: string | null;
                            /** Format: date-time */
                            queuedAt: string;
                            /** Format: date-time */
                            retryUntil: string;
                            /** @description the delivery cursor */
                            seq: number;
                            state: "pending" | "delivered" | "failed";
                        }[];
                        next: number;
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replayWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description every delivery after this cursor (seq) is sent again */
                    after: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        requeued: number;
                    };
                };
            };
            /** @description Problem details (application/problem+json) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem details (application/problem+json) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
