-- 6: intake from outside the council: the public request-for-service form (L1) and email
-- intake (A12). Both create an ordinary contact; these tables keep what came with it.
--
-- The public form has no user and no token, but a contact needs an author: this principal,
-- an integration token row that can never authenticate (its hash is not a SHA-256 hex digest
-- and it is revoked), stands for "the public". Its scope marks it.
INSERT INTO api_tokens (name, scope, token_hash, created_at, revoked_at)
  VALUES ('Public request for service form', 'public:form', 'none:public-form', 0, 1);

-- The answers of one request for service, as given (normalised where a rule says how).
CREATE TABLE service_requests (
  contact_id INTEGER PRIMARY KEY REFERENCES contacts(id),
  team_id INTEGER REFERENCES teams(id),
  source_code TEXT NOT NULL,
  submitter_kind TEXT NOT NULL,
  agency TEXT NOT NULL DEFAULT '',
  organisation TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL DEFAULT '',
  relationship TEXT NOT NULL DEFAULT '',
  submitter_name TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  child_first_name TEXT NOT NULL,
  child_last_name TEXT NOT NULL,
  child_date_of_birth TEXT NOT NULL DEFAULT '',
  child_address TEXT NOT NULL DEFAULT '',
  child_postcode TEXT NOT NULL DEFAULT '',
  concern TEXT NOT NULL,
  urgency TEXT NOT NULL,
  consent TEXT NOT NULL,
  consent_reason TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL);
CREATE INDEX service_requests_team ON service_requests(team_id, created_at);
CREATE TRIGGER service_requests_no_update BEFORE UPDATE ON service_requests
  BEGIN SELECT RAISE(ABORT, 'requests for service are evidence: amend, do not update');
 END;
CREATE TRIGGER service_requests_no_delete BEFORE DELETE ON service_requests
  BEGIN SELECT RAISE(ABORT, 'requests for service are evidence: they cannot be deleted');
 END;

-- An email received by intake: its headers and full text (the contact's summary is cut to
-- the contact's limit). The raw message is not kept; its size and SHA-256 are.
CREATE TABLE email_messages (
  contact_id INTEGER PRIMARY KEY REFERENCES contacts(id),
  message_id TEXT NOT NULL DEFAULT '',
  from_address TEXT NOT NULL,
  from_name TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  sent_at BIGINT NOT NULL DEFAULT 0,
  body_text TEXT NOT NULL,
  text_from_html INTEGER NOT NULL DEFAULT 0,
  raw_size BIGINT NOT NULL,
  raw_sha256 TEXT NOT NULL,
  created_at BIGINT NOT NULL);
CREATE INDEX email_messages_message_id ON email_messages(message_id, from_address);
CREATE TRIGGER email_messages_no_update BEFORE UPDATE ON email_messages
  BEGIN SELECT RAISE(ABORT, 'emails are evidence: they cannot be changed');
 END;
CREATE TRIGGER email_messages_no_delete BEFORE DELETE ON email_messages
  BEGIN SELECT RAISE(ABORT, 'emails are evidence: they cannot be deleted');
 END;

-- Files that came with a contact, numbered from 1 within it. BYTEA is PostgreSQL's type for
-- bytes; SQLite stores a bound blob as it is whatever the declared type.
CREATE TABLE contact_attachments (
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  position INTEGER NOT NULL,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  data BYTEA NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (contact_id, position));
CREATE TRIGGER contact_attachments_no_update BEFORE UPDATE ON contact_attachments
  BEGIN SELECT RAISE(ABORT, 'attachments are evidence: they cannot be changed');
 END;
CREATE TRIGGER contact_attachments_no_delete BEFORE DELETE ON contact_attachments
  BEGIN SELECT RAISE(ABORT, 'attachments are evidence: they cannot be deleted');
 END;
