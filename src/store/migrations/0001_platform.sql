-- 1: the platform: teams, users, sessions, tokens, contacts, the audit chain.
CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  team_id INTEGER REFERENCES teams(id),
  password_hash TEXT NOT NULL,
  failed_count INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  ended_at BIGINT NOT NULL DEFAULT 0);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  scope TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT NOT NULL DEFAULT 0);
CREATE TABLE reference_counters (
  prefix TEXT NOT NULL,
  year INTEGER NOT NULL,
  last_seq BIGINT NOT NULL,
  PRIMARY KEY (prefix, year));
CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  caller_name TEXT NOT NULL,
  summary TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_by_token INTEGER REFERENCES api_tokens(id),
  CHECK ((created_by IS NULL) <> (created_by_token IS NULL)));
CREATE INDEX contacts_received ON contacts(received_at, id);
CREATE TRIGGER contacts_no_update BEFORE UPDATE ON contacts
  BEGIN SELECT RAISE(ABORT, 'contacts are evidence: amend, do not update');
 END;
CREATE TRIGGER contacts_no_delete BEFORE DELETE ON contacts
  BEGIN SELECT RAISE(ABORT, 'contacts are evidence: they cannot be deleted');
 END;
CREATE TABLE audit_events (
  seq INTEGER PRIMARY KEY,
  at BIGINT NOT NULL,
  user_id INTEGER NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  request_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL);
CREATE INDEX audit_entity ON audit_events(entity, entity_id, seq);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed');
 END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events
  BEGIN SELECT RAISE(ABORT, 'audit events cannot be deleted');
 END;

