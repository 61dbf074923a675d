-- People who log in (subjects, administrators, auditors) and their sessions. Passwords are
-- scrypt hashes; session tokens are stored only as SHA-256 hashes.
CREATE TABLE account (
  username       text PRIMARY KEY,
  role           text NOT NULL CHECK (role IN ('subject', 'administrator', 'auditor')),
  subject_key    text,
  password_hash  text NOT NULL,
  failed_logins  integer NOT NULL DEFAULT 0,
  locked_until   timestamptz,
  last_login_at  timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  disabled_at    timestamptz,
  CHECK ((role = 'subject') = (subject_key IS NOT NULL))
);
CREATE INDEX account_subject_idx ON account (subject_key);

CREATE TABLE session (
  token_hash  text PRIMARY KEY,
  username    text NOT NULL REFERENCES account (username),
  csrf_token  text NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  ended_at    timestamptz
);
