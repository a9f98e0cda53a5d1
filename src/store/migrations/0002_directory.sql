-- 2: the service directory (issue 3): teams and services with their duty lines and opening
-- hours, closed days, workers and their teams, working patterns and calendar entries, and
-- allocations of persons to workers and teams with their history.
--
-- teams.kind (from 0001) is the team's type: contact_centre, childrens_reception,
-- referral_assessment, cla_team, leaving_care, adult_intake, specialist_adult, locality_hub,
-- early_help, emergency_duty, external_agency, voluntary_sector. Opening hours are one text
-- per weekday in the form domain/calendar reads ("09:00-17:00", "08:00-12:00,13:00-17:00",
-- "00:00-24:00", "closed").
ALTER TABLE teams ADD COLUMN locality TEXT NOT NULL DEFAULT '';
ALTER TABLE teams ADD COLUMN duty_line TEXT NOT NULL DEFAULT '';
ALTER TABLE teams ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE teams ADD COLUMN website TEXT NOT NULL DEFAULT '';
ALTER TABLE teams ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE teams ADD COLUMN hours_mon TEXT NOT NULL DEFAULT '09:00-17:00';
ALTER TABLE teams ADD COLUMN hours_tue TEXT NOT NULL DEFAULT '09:00-17:00';
ALTER TABLE teams ADD COLUMN hours_wed TEXT NOT NULL DEFAULT '09:00-17:00';
ALTER TABLE teams ADD COLUMN hours_thu TEXT NOT NULL DEFAULT '09:00-17:00';
ALTER TABLE teams ADD COLUMN hours_fri TEXT NOT NULL DEFAULT '09:00-17:00';
ALTER TABLE teams ADD COLUMN hours_sat TEXT NOT NULL DEFAULT 'closed';
ALTER TABLE teams ADD COLUMN hours_sun TEXT NOT NULL DEFAULT 'closed';
-- 1: the team does not work on England and Wales bank holidays (an EDT does: 0)
ALTER TABLE teams ADD COLUMN closed_bank_holidays INTEGER NOT NULL DEFAULT 1;
ALTER TABLE teams ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX teams_kind ON teams(kind, name);

-- One-off closures (training days, a move of office): the team is closed all that local day.
CREATE TABLE team_closed_days (
  id INTEGER PRIMARY KEY,
  team_id INTEGER NOT NULL REFERENCES teams(id),
  day TEXT NOT NULL,              -- 'YYYY-MM-DD', Europe/London
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  UNIQUE (team_id, day));

CREATE TABLE workers (
  id INTEGER PRIMARY KEY,
  staff_number TEXT UNIQUE,       -- the council's own reference; NULL when none
  name TEXT NOT NULL,
  job_title TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL,             -- domain/worker: social_worker, personal_adviser, ...
  line_manager_id INTEGER REFERENCES workers(id),
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  safeguarding_qualified INTEGER NOT NULL DEFAULT 0, -- may decide on safeguarding (C2)
  active_from TEXT NOT NULL DEFAULT '',  -- 'YYYY-MM-DD' or '' (always)
  active_to TEXT NOT NULL DEFAULT '',    -- last working day, or '' (open)
  user_id INTEGER UNIQUE REFERENCES users(id), -- the worker's sign-in, when they have one
  hours_mon TEXT NOT NULL DEFAULT '09:00-17:00',
  hours_tue TEXT NOT NULL DEFAULT '09:00-17:00',
  hours_wed TEXT NOT NULL DEFAULT '09:00-17:00',
  hours_thu TEXT NOT NULL DEFAULT '09:00-17:00',
  hours_fri TEXT NOT NULL DEFAULT '09:00-17:00',
  hours_sat TEXT NOT NULL DEFAULT 'closed',
  hours_sun TEXT NOT NULL DEFAULT 'closed',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL);
CREATE INDEX workers_name ON workers(name);

-- A worker may belong to several teams; is_manager marks the team's manager(s).
CREATE TABLE worker_teams (
  worker_id INTEGER NOT NULL REFERENCES workers(id),
  team_id INTEGER NOT NULL REFERENCES teams(id),
  is_manager INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (worker_id, team_id));
CREATE INDEX worker_teams_team ON worker_teams(team_id);

-- Calendar entries that make a worker unavailable: leave, appointment, supervision, travel,
-- training. Entries imported from iCalendar keep their UID so a second import of the same file
-- updates rather than duplicates them.
CREATE TABLE worker_calendar_entries (
  id INTEGER PRIMARY KEY,
  worker_id INTEGER NOT NULL REFERENCES workers(id),
  kind TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT 'manual', -- 'manual' or 'ics'
  source_uid TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  CHECK (ends_at > starts_at));
CREATE INDEX worker_calendar_when ON worker_calendar_entries(worker_id, ends_at, starts_at);
CREATE UNIQUE INDEX worker_calendar_uid ON worker_calendar_entries(worker_id, source_uid, starts_at)
  WHERE source_uid <> '';

-- Allocations (W1) are case records: a row is never changed or deleted. Ending one adds a row
-- to allocation_ends (who, when, why); the allocation's effective end is the earlier of its
-- planned ends_at and that recorded end.
-- person_id has no foreign key yet: the persons table arrives in a later migration, which
-- should add the reference (or a trigger checking it).
CREATE TABLE allocations (
  id INTEGER PRIMARY KEY,
  person_id BIGINT NOT NULL,
  worker_id INTEGER REFERENCES workers(id),
  team_id INTEGER REFERENCES teams(id),
  kind TEXT NOT NULL,   -- social_worker, personal_adviser, key_worker, reviewing_team, assessment_team
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL DEFAULT 0, -- planned end, 0 when open-ended
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  CHECK (worker_id IS NOT NULL OR team_id IS NOT NULL),
  CHECK (ends_at = 0 OR ends_at > starts_at));
CREATE INDEX allocations_person ON allocations(person_id, starts_at);
CREATE INDEX allocations_worker ON allocations(worker_id);
CREATE INDEX allocations_team ON allocations(team_id);
CREATE TABLE allocation_ends (
  allocation_id INTEGER PRIMARY KEY REFERENCES allocations(id),
  ended_at BIGINT NOT NULL,
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL);
CREATE TRIGGER allocations_no_update BEFORE UPDATE ON allocations
  BEGIN SELECT RAISE(ABORT, 'allocations are evidence: end them, do not update');
 END;
CREATE TRIGGER allocations_no_delete BEFORE DELETE ON allocations
  BEGIN SELECT RAISE(ABORT, 'allocations are evidence: they cannot be deleted');
 END;
CREATE TRIGGER allocation_ends_no_update BEFORE UPDATE ON allocation_ends
  BEGIN SELECT RAISE(ABORT, 'allocation ends are evidence: they cannot be changed');
 END;
CREATE TRIGGER allocation_ends_no_delete BEFORE DELETE ON allocation_ends
  BEGIN SELECT RAISE(ABORT, 'allocation ends are evidence: they cannot be deleted');
 END;
