-- 9: greeting scripts (H7) keep their history, as service-level policies do: every change to a
-- line's script, or to the council's default script, is a new row of line_greeting_versions
-- with who, when and why, never an update. line_greetings stays the current script of each
-- line (read by every call), and may now say "this line uses the default" (script NULL)
-- instead of holding a script of its own. The default script is the newest version whose
-- team_id is NULL; {team} in it is filled with the line's team name, {name} with the worker's.

-- line_greetings again, with script nullable and the line's current version: SQLite cannot
-- relax a column's NOT NULL or a CHECK in place, so the table is copied.
CREATE TABLE line_greetings_new (
  id INTEGER PRIMARY KEY,
  team_id INTEGER REFERENCES teams(id),
  line_code TEXT UNIQUE,
  script TEXT,                     -- NULL: the line uses the default script
  version INTEGER NOT NULL,        -- the line's newest version in line_greeting_versions
  updated_at BIGINT NOT NULL,
  CHECK (team_id IS NOT NULL OR line_code IS NOT NULL),
  CHECK (script IS NULL OR script LIKE '%{name}%'));
INSERT INTO line_greetings_new (id, team_id, line_code, script, version, updated_at)
  SELECT id, team_id, line_code, script, 1, updated_at FROM line_greetings;
DROP TABLE line_greetings;
ALTER TABLE line_greetings_new RENAME TO line_greetings;
CREATE UNIQUE INDEX line_greetings_team ON line_greetings(team_id) WHERE team_id IS NOT NULL;

-- Every script a line has had, and every default script, newest the highest version.
CREATE TABLE line_greeting_versions (
  id INTEGER PRIMARY KEY,
  team_id INTEGER REFERENCES teams(id), -- NULL: the council's default script
  version INTEGER NOT NULL,             -- 1, 2, 3 ... per line (and for the default)
  script TEXT,                          -- NULL: from this version the line uses the default
  changed_at BIGINT NOT NULL,           -- UTC ms; 0 for what was there before history was kept
  changed_by BIGINT NOT NULL,           -- user id; 0 for the system
  reason TEXT NOT NULL,
  CHECK (version >= 1),
  CHECK (script IS NOT NULL OR team_id IS NOT NULL),
  CHECK (script IS NULL OR script LIKE '%{name}%'),
  CHECK (reason <> ''));
CREATE UNIQUE INDEX line_greeting_versions_line
  ON line_greeting_versions(COALESCE(team_id, 0), version);
CREATE TRIGGER line_greeting_versions_no_update BEFORE UPDATE ON line_greeting_versions
  BEGIN SELECT RAISE(ABORT, 'greeting versions are kept: add a new version');
 END;
CREATE TRIGGER line_greeting_versions_no_delete BEFORE DELETE ON line_greeting_versions
  BEGIN SELECT RAISE(ABORT, 'greeting versions are kept: they cannot be deleted');
 END;

-- The default as shipped (domain/greeting GREETING_DEFAULT_SCRIPT), which is what a line
-- without a script of its own was greeted with before this migration.
INSERT INTO line_greeting_versions (team_id, version, script, changed_at, changed_by, reason)
  VALUES (NULL, 1, '{team}, {name} speaking. How can I help?', 0, 0, 'the default as shipped');
-- Scripts set before this migration become each line's version 1.
INSERT INTO line_greeting_versions (team_id, version, script, changed_at, changed_by, reason)
  SELECT team_id, 1, script, updated_at, 0, 'set before greeting history was kept'
  FROM line_greetings WHERE team_id IS NOT NULL;
