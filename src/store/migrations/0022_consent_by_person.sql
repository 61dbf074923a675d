-- A batch looks up the written consents of the persons it names as guarantors by their subject
-- key (art. 29 of the Regulation): one index scan per batch, not a scan of every consent.
CREATE INDEX credit_furnishing_consent_borrower_idx ON credit_furnishing_consent (furnisher, borrower_key);
