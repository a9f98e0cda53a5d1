-- 4: service-level clocks (issue 5): policies as data, clocks and their history, who is told
-- when a deadline is missed (the duty manager rota, the head of service, the Senior District
-- Officer), and the outbox of every message the product sends.
--
-- A policy's definition is a row of sla_policy_versions; a change is a new version (who, when,
-- why), never an update, and a clock runs by the version it started under. Times are UTC ms.
-- unit / warn_unit: seconds, minutes, hours, days (elapsed) or working_minutes, working_hours,
-- working_days (on the calendar: clock_team = the clock's team, default, or team = one team).
-- escalation: "who:minutes,..." (domain/escalation), each step after the one before, the first
-- after the deadline; minutes are working minutes for a working-time policy.
CREATE TABLE sla_policies (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  current_version INTEGER NOT NULL,
  created_at BIGINT NOT NULL);
CREATE TABLE sla_policy_versions (
  policy_id INTEGER NOT NULL REFERENCES sla_policies(id),
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  start_event TEXT NOT NULL,
  stop_event TEXT NOT NULL,
  unit TEXT NOT NULL,
  target BIGINT NOT NULL,
  warn_before BIGINT NOT NULL,
  warn_unit TEXT NOT NULL,
  calendar TEXT NOT NULL,
  calendar_team_id INTEGER REFERENCES teams(id),
  pausable INTEGER NOT NULL,
  active INTEGER NOT NULL,
  escalation TEXT NOT NULL,
  changed_at BIGINT NOT NULL,
  changed_by BIGINT NOT NULL,     -- user id; 0 for the shipped defaults
  reason TEXT NOT NULL,
  PRIMARY KEY (policy_id, version));
CREATE TRIGGER sla_policy_versions_no_update BEFORE UPDATE ON sla_policy_versions
  BEGIN SELECT RAISE(ABORT, 'policy versions are kept: add a new version');
 END;
CREATE TRIGGER sla_policy_versions_no_delete BEFORE DELETE ON sla_policy_versions
  BEGIN SELECT RAISE(ABORT, 'policy versions are kept: they cannot be deleted');
 END;
CREATE TRIGGER sla_policies_no_delete BEFORE DELETE ON sla_policies
  BEGIN SELECT RAISE(ABORT, 'policies are kept: make them inactive instead');
 END;

-- Who is told in the capacities the directory does not say: the duty manager of each weekday
-- (0 = Monday ... 6 = Sunday; H9), and the Senior District Officer (L10) and head of service
-- (when set, instead of the head of service found above the owner in the line management).
CREATE TABLE duty_manager_rota (
  weekday INTEGER PRIMARY KEY CHECK (weekday BETWEEN 0 AND 6),
  worker_id INTEGER NOT NULL REFERENCES workers(id),
  changed_at BIGINT NOT NULL,
  changed_by BIGINT NOT NULL);
CREATE TABLE escalation_contacts (
  capacity TEXT PRIMARY KEY CHECK (capacity IN ('head_of_service', 'senior_district_officer')),
  worker_id INTEGER NOT NULL REFERENCES workers(id),
  changed_at BIGINT NOT NULL,
  changed_by BIGINT NOT NULL);

-- One row per clock: its current state. next_at is when the scheduler must next act on it
-- (the warning, the deadline, the next escalation step), NULL when never again; the scheduler
-- reads "next_at <= now" from its index, never by scanning. The history is clock_events.
CREATE TABLE clocks (
  id INTEGER PRIMARY KEY,
  policy_id INTEGER NOT NULL REFERENCES sla_policies(id),
  policy_version INTEGER NOT NULL,
  entity TEXT NOT NULL,           -- 'contact', 'referral', ...
  entity_id BIGINT NOT NULL,
  owner_user_id INTEGER REFERENCES users(id),
  owner_worker_id INTEGER REFERENCES workers(id),
  team_id INTEGER REFERENCES teams(id),
  state TEXT NOT NULL CHECK (state IN ('running', 'paused', 'met', 'breached', 'cancelled')),
  started_at BIGINT NOT NULL,
  due_at BIGINT,                  -- NULL while paused
  warn_at BIGINT,                 -- NULL when there is no warning (or none is pending)
  warned_at BIGINT,
  paused_at BIGINT,
  due_left_ms BIGINT,             -- while paused: what is left, in the policy's kind of time
  warn_left_ms BIGINT,
  breached_at BIGINT,             -- the deadline that was missed
  breach_reason TEXT,
  breach_reason_by BIGINT,
  escalation_step INTEGER NOT NULL DEFAULT 0, -- steps of the chain done
  step_at BIGINT,                 -- when the next step is due (NULL when none)
  acknowledged_at BIGINT,
  acknowledged_by BIGINT,
  stopped_at BIGINT,              -- NULL while open
  outcome TEXT NOT NULL DEFAULT '',
  next_at BIGINT,
  created_at BIGINT NOT NULL,
  CHECK (state <> 'paused' OR (due_at IS NULL AND due_left_ms IS NOT NULL)),
  CHECK (state <> 'running' OR due_at IS NOT NULL));
CREATE INDEX clocks_next ON clocks(next_at) WHERE next_at IS NOT NULL;
CREATE INDEX clocks_due ON clocks(due_at) WHERE stopped_at IS NULL;
CREATE INDEX clocks_warn ON clocks(warn_at) WHERE state = 'running';
CREATE UNIQUE INDEX clocks_open_per_entity ON clocks(entity, entity_id, policy_id)
  WHERE stopped_at IS NULL;
CREATE INDEX clocks_entity ON clocks(entity, entity_id, id);
CREATE INDEX clocks_team ON clocks(team_id, due_at) WHERE stopped_at IS NULL;
CREATE INDEX clocks_owner ON clocks(owner_user_id, due_at) WHERE stopped_at IS NULL;
CREATE INDEX clocks_paused ON clocks(state) WHERE state = 'paused';
CREATE INDEX clocks_breached ON clocks(breached_at) WHERE breached_at IS NOT NULL;
CREATE INDEX clocks_stopped ON clocks(stopped_at) WHERE stopped_at IS NOT NULL;
CREATE TRIGGER clocks_no_delete BEFORE DELETE ON clocks
  BEGIN SELECT RAISE(ABORT, 'clocks are evidence: they cannot be deleted');
 END;

-- A clock's history: start, pause (with the reason), resume, stop, met, warning, breach,
-- breach_reason, escalation (one row per person told: who, in what capacity, when),
-- escalation_skipped (nobody held the capacity, and why), acknowledge.
CREATE TABLE clock_events (
  id INTEGER PRIMARY KEY,
  clock_id INTEGER NOT NULL REFERENCES clocks(id),
  at BIGINT NOT NULL,             -- when it was done
  scheduled_at BIGINT,            -- when it was due to be done (warnings, breaches, steps)
  kind TEXT NOT NULL,
  step INTEGER,                   -- escalation step, from 1
  tell TEXT NOT NULL DEFAULT '',  -- owner, line_manager, duty_manager, ...
  told_user_id INTEGER REFERENCES users(id),
  told_worker_id INTEGER REFERENCES workers(id),
  told_name TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  by_user_id BIGINT NOT NULL DEFAULT 0, -- who did it: a user, minus a token, 0 the scheduler
  due_at BIGINT);                 -- the deadline as it stood after the event
CREATE INDEX clock_events_clock ON clock_events(clock_id, id);
CREATE INDEX clock_events_told ON clock_events(told_user_id, clock_id)
  WHERE told_user_id IS NOT NULL;
CREATE TRIGGER clock_events_no_update BEFORE UPDATE ON clock_events
  BEGIN SELECT RAISE(ABORT, 'clock events are evidence: they cannot be changed');
 END;
CREATE TRIGGER clock_events_no_delete BEFORE DELETE ON clock_events
  BEGIN SELECT RAISE(ABORT, 'clock events are evidence: they cannot be deleted');
 END;

-- Every message the product sends, written in the same transaction as what caused it. In-app
-- messages are 'unread' then 'read'; emails 'pending' then 'delivered' or 'failed', retried by
-- the mailer with back-off (attempts, next_attempt_at, last_error). What was sent never changes.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  created_at BIGINT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('in_app', 'email')),
  recipient_user_id INTEGER REFERENCES users(id),
  recipient_worker_id INTEGER REFERENCES workers(id),
  recipient_name TEXT NOT NULL DEFAULT '',
  to_address TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  link TEXT NOT NULL DEFAULT '',
  entity TEXT NOT NULL DEFAULT '',
  entity_id BIGINT NOT NULL DEFAULT 0,
  clock_id INTEGER REFERENCES clocks(id),
  clock_event_id INTEGER REFERENCES clock_events(id),
  state TEXT NOT NULL CHECK (state IN ('unread', 'read', 'pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT,
  last_error TEXT NOT NULL DEFAULT '',
  delivered_at BIGINT,
  read_at BIGINT,
  CHECK (channel <> 'in_app' OR recipient_user_id IS NOT NULL),
  CHECK (channel <> 'email' OR to_address <> ''));
CREATE INDEX outbox_inbox ON outbox(recipient_user_id, id) WHERE channel = 'in_app';
CREATE INDEX outbox_unread ON outbox(recipient_user_id) WHERE state = 'unread';
CREATE INDEX outbox_pending ON outbox(next_attempt_at) WHERE state = 'pending';
CREATE INDEX outbox_clock ON outbox(clock_id) WHERE clock_id IS NOT NULL;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
  BEGIN SELECT RAISE(ABORT, 'sent messages are kept: they cannot be deleted');
 END;
CREATE TRIGGER outbox_content_fixed BEFORE UPDATE OF created_at, channel, recipient_user_id,
  recipient_worker_id, recipient_name, to_address, subject, body, link, entity, entity_id,
  clock_id, clock_event_id ON outbox
  BEGIN SELECT RAISE(ABORT, 'a message that was sent cannot be changed');
 END;

-- The shipped policies (issue 5, seeds 001 and 002, Working Together 2023, L10). A council
-- changes them through PUT /api/sla-policies/{id}; each change is a new version.
INSERT INTO sla_policies (id, code, current_version, created_at) VALUES
  (1, 'safeguarding_workflow', 1, 0),
  (2, 'non_urgent_transfer', 1, 0),
  (3, 'written_confirmation', 1, 0),
  (4, 'action_recorded', 1, 0),
  (5, 'referral_decision', 1, 0),
  (6, 'letter_answered', 1, 0),
  (7, 'message_returned', 1, 0),
  (8, 'call_answered', 1, 0),
  (9, 'assessment', 1, 0),
  (10, 'hub_dispute', 1, 0);
INSERT INTO sla_policy_versions (policy_id, version, name, start_event, stop_event, unit, target,
  warn_before, warn_unit, calendar, calendar_team_id, pausable, active, escalation, changed_at,
  changed_by, reason) VALUES
  (1, 1, 'Safeguarding referral on the team''s duty workflow', 'referral.safeguarding_created',
   'referral.on_team_workflow', 'minutes', 30, 10, 'minutes', 'clock_team', NULL, 0, 1,
   'owner:0,line_manager:15,duty_manager:15,head_of_service:30', 0, 0,
   'shipped default (C3: on the duty workflow within 30 minutes)'),
  (2, 1, 'Non-urgent transfer to the duty workflow', 'referral.transfer_created',
   'referral.on_team_workflow', 'working_hours', 2, 30, 'working_minutes', 'clock_team', NULL,
   0, 1, 'owner:0,line_manager:60,duty_manager:60,head_of_service:240', 0, 0,
   'shipped default (C4: transferred within 2 hours)'),
  (3, 1, 'Written confirmation to the referrer', 'referral.created',
   'referral.confirmation_sent', 'hours', 48, 8, 'hours', 'clock_team', NULL, 0, 1,
   'owner:0,line_manager:240,duty_manager:240,head_of_service:1440', 0, 0,
   'shipped default (C3, C4: confirmed in writing within 48 hours)'),
  (4, 1, 'Action recorded after a contact', 'contact.created', 'contact.action_recorded',
   'hours', 24, 4, 'hours', 'clock_team', NULL, 0, 1,
   'owner:0,line_manager:120,duty_manager:120,head_of_service:480', 0, 0,
   'shipped default (C6: action recorded within 24 hours of the contact)'),
  (5, 1, 'Referral decision', 'referral.created', 'referral.decided', 'working_days', 1, 2,
   'working_hours', 'clock_team', NULL, 0, 1,
   'owner:0,line_manager:60,duty_manager:60,head_of_service:240', 0, 0,
   'shipped default (Working Together 2023: decision within 1 working day)'),
  (6, 1, 'Letter answered', 'letter.received', 'letter.answered', 'working_days', 5, 1,
   'working_days', 'clock_team', NULL, 1, 1,
   'owner:0,line_manager:240,duty_manager:240,head_of_service:480', 0, 0,
   'shipped default (A2: letters answered within 5 working days)'),
  (7, 1, 'Message returned', 'message.left', 'message.returned', 'working_days', 1, 2,
   'working_hours', 'clock_team', NULL, 0, 1,
   'owner:0,line_manager:60,duty_manager:60,head_of_service:240', 0, 0,
   'shipped default (A2: a customer who left a message is contacted within 1 working day)'),
  (8, 1, 'Call answered', 'call.queued', 'call.answered', 'seconds', 20, 0, 'seconds',
   'clock_team', NULL, 0, 1, '', 0, 0,
   'shipped default (A2: calls answered within 20 seconds; measured, not escalated)'),
  (9, 1, 'Assessment completed', 'assessment.started', 'assessment.completed', 'working_days',
   45, 5, 'working_days', 'clock_team', NULL, 0, 1,
   'owner:0,line_manager:480,duty_manager:480,head_of_service:960', 0, 0,
   'shipped default (Working Together 2023: assessment within 45 working days)'),
  (10, 1, 'Locality hub dispute settled', 'hub.dispute_raised', 'hub.dispute_settled',
   'working_days', 5, 1, 'working_days', 'clock_team', NULL, 1, 1,
   'senior_district_officer:0,head_of_service:480', 0, 0,
   'shipped default (L10: disputes the hub cannot settle go to the Senior District Officer, '
   || 'then the Head of Service)');
