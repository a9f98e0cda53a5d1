-- 5: the contact workflow (issue 4, first part): contact versions (amendments never
-- overwrite, A10) with the persons a contact is about, one owner and handovers that need the
-- new owner's acceptance (C8, H12), safeguarding concerns raised at once (W10), decisions with
-- their rationale and later authorisation (L2, C2, C5, A3, A4, A9, W8, W9, W14), the outcome
-- code set and outcomes (C7, L2, client level data), greeting scripts per line (H7), and the
-- work index the queues read.
--
-- Evidence tables refuse UPDATE and DELETE by trigger. Two kinds of table here may change:
-- configuration (outcome_codes, line_greetings) and contact_work, an index of open contacts
-- derived from the evidence (see below).
--
-- Person ids (contact_subjects.person_id) have no foreign key yet: the persons table arrives
-- in migration 3 of the persons feature, which should add the reference (or a checking
-- trigger) when it lands.

-- Each version is a full snapshot of what can be amended; version 1 is the contact as first
-- recorded. `changed` lists the fields that differ from the version before (comma-separated
-- API names); `reason` says why (for version 1: 'recorded'). created_by is the actor: a user
-- id, or minus an integration token's id.
CREATE TABLE contact_versions (
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  version INTEGER NOT NULL,
  channel TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  answered_at BIGINT NOT NULL DEFAULT 0,
  caller_name TEXT NOT NULL,
  summary TEXT NOT NULL,
  source_kind TEXT NOT NULL DEFAULT '',
  source_code TEXT NOT NULL DEFAULT '10',   -- CIN census referral source (1A .. 10)
  caller_organisation TEXT NOT NULL DEFAULT '',
  caller_role TEXT NOT NULL DEFAULT '',
  caller_phone TEXT NOT NULL DEFAULT '',
  caller_email TEXT NOT NULL DEFAULT '',
  caller_address TEXT NOT NULL DEFAULT '',
  requested_worker_id INTEGER REFERENCES workers(id),
  requested_team_id INTEGER REFERENCES teams(id),
  reason_code TEXT NOT NULL DEFAULT '',
  interpreter_language TEXT NOT NULL DEFAULT '',
  bsl INTEGER NOT NULL DEFAULT 0,
  private_room INTEGER NOT NULL DEFAULT 0,
  communication_other TEXT NOT NULL DEFAULT '',
  consent TEXT NOT NULL DEFAULT '',         -- '', yes, no, not_asked
  consent_justification TEXT NOT NULL DEFAULT '',
  danger_now INTEGER NOT NULL DEFAULT 0,
  line_team_id INTEGER REFERENCES teams(id),
  service TEXT NOT NULL DEFAULT '',         -- '', children, adults
  changed TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  UNIQUE (contact_id, version),
  CHECK (version >= 1),
  CHECK (consent IN ('', 'yes', 'no', 'not_asked')),
  CHECK (consent <> 'no' OR consent_justification <> ''),
  CHECK (service IN ('', 'children', 'adults')),
  CHECK (reason <> ''));

-- The persons each version is about, in the order given.
CREATE TABLE contact_subjects (
  version_id INTEGER NOT NULL REFERENCES contact_versions(id),
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  person_id BIGINT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (version_id, person_id));
CREATE INDEX contact_subjects_person ON contact_subjects(person_id, contact_id);

-- Handing a contact over (C8, H12): a request to a new owner, and their answer. The owner
-- changes only when the new owner accepts; until then the old owner keeps it.
CREATE TABLE contact_handovers (
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  from_user_id INTEGER REFERENCES users(id),   -- the owner at the time; NULL when none
  to_user_id INTEGER NOT NULL REFERENCES users(id),
  note TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  CHECK (note <> ''));
CREATE INDEX contact_handovers_contact ON contact_handovers(contact_id, id);
CREATE INDEX contact_handovers_to ON contact_handovers(to_user_id, id);
CREATE TABLE contact_handover_answers (
  handover_id INTEGER PRIMARY KEY REFERENCES contact_handovers(id),
  answer TEXT NOT NULL,                        -- accepted, declined
  reason TEXT NOT NULL DEFAULT '',             -- required when declined
  answered_at BIGINT NOT NULL,
  answered_by BIGINT NOT NULL,
  CHECK (answer IN ('accepted', 'declined')),
  CHECK (answer <> 'declined' OR reason <> ''));

-- Safeguarding concerns raised on a contact (W10, A6): at once when someone is in danger now,
-- or by a safeguarding decision. alerts_sent counts the in-app alerts written with it.
CREATE TABLE safeguarding_concerns (
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  source TEXT NOT NULL,                        -- danger_now, decision
  note TEXT NOT NULL DEFAULT '',
  alerts_sent INTEGER NOT NULL DEFAULT 0,
  raised_at BIGINT NOT NULL,
  raised_by BIGINT NOT NULL,
  CHECK (source IN ('danger_now', 'decision')));
CREATE INDEX safeguarding_concerns_contact ON safeguarding_concerns(contact_id, id);

-- Decisions (domain/decision): one row each, never changed. An authorisation given afterwards
-- is its own row in contact_decision_authorisations, so the decision row stays as made.
CREATE TABLE contact_decisions (
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  workflow TEXT NOT NULL DEFAULT '',           -- a priority's workflow (L2)
  team_id INTEGER REFERENCES teams(id),        -- transfer and route to a team
  work_plan TEXT NOT NULL DEFAULT '',          -- recommendation (C5)
  rationale TEXT NOT NULL,
  decided_by BIGINT NOT NULL,
  decided_at BIGINT NOT NULL,
  CHECK (value <> ''),
  CHECK (rationale <> ''));
CREATE INDEX contact_decisions_contact ON contact_decisions(contact_id, id);
CREATE TABLE contact_decision_authorisations (
  decision_id INTEGER PRIMARY KEY REFERENCES contact_decisions(id),
  authorised_by BIGINT NOT NULL,
  authorised_at BIGINT NOT NULL,
  note TEXT NOT NULL DEFAULT '');

-- The outcome code set (domain/outcome): configuration, seeded here; codes are never deleted
-- (an outcome refers to its code), only made inactive.
CREATE TABLE outcome_codes (
  code TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  grp TEXT NOT NULL,                           -- children, adults, both
  resolved INTEGER NOT NULL,                   -- resolved at the front door (C7)
  c7_label TEXT NOT NULL DEFAULT '',
  cld_label TEXT NOT NULL DEFAULT '',
  workflow TEXT NOT NULL DEFAULT '',
  needs_recommendation INTEGER NOT NULL DEFAULT 0,
  needs_care_act INTEGER NOT NULL DEFAULT 0,
  needs_signposting INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  sort_order INTEGER NOT NULL,
  CHECK (grp IN ('children', 'adults', 'both')));
CREATE TRIGGER outcome_codes_no_delete BEFORE DELETE ON outcome_codes
  BEGIN SELECT RAISE(ABORT, 'outcome codes are referred to by outcomes: make them inactive');
 END;

-- One outcome per contact (what the front door did in the end).
CREATE TABLE contact_outcomes (
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL UNIQUE REFERENCES contacts(id),
  code TEXT NOT NULL REFERENCES outcome_codes(code),
  rationale TEXT NOT NULL,
  signposted_to TEXT NOT NULL DEFAULT '',
  signposted_team_id INTEGER REFERENCES teams(id),
  decided_by BIGINT NOT NULL,
  decided_at BIGINT NOT NULL,
  CHECK (rationale <> ''));
CREATE INDEX contact_outcomes_code ON contact_outcomes(code, decided_at);

-- Greeting scripts (H7): per team line, or per named line (line_code, e.g. the professionals'
-- line). {name} is replaced by the answering worker's name. Configuration.
CREATE TABLE line_greetings (
  id INTEGER PRIMARY KEY,
  team_id INTEGER REFERENCES teams(id),
  line_code TEXT UNIQUE,
  script TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (team_id IS NOT NULL OR line_code IS NOT NULL),
  CHECK (script LIKE '%{name}%'));
CREATE UNIQUE INDEX line_greetings_team ON line_greetings(team_id) WHERE team_id IS NOT NULL;

-- contact_work: one row per open contact (no outcome yet) saying which queue holds it, who
-- owns it and when it was received, so the queues and "my work" are index ranges rather than
-- scans of every contact. It is derived, not evidence: every value in it can be rebuilt from
-- contact_versions, contact_decisions (route and transfer), contact_handover_answers and
-- contact_outcomes, and store/store_contact keeps it in step in the same transaction. It is
-- the one contact table that is updated, and its row is deleted when the outcome is recorded.
CREATE TABLE contact_work (
  contact_id INTEGER PRIMARY KEY REFERENCES contacts(id),
  queue TEXT NOT NULL,                         -- contact_centre, duty, team
  team_id INTEGER REFERENCES teams(id),        -- for queue 'team'
  owner_user_id INTEGER REFERENCES users(id),
  received_at BIGINT NOT NULL,
  CHECK (queue IN ('contact_centre', 'duty', 'team')),
  CHECK (queue <> 'team' OR team_id IS NOT NULL));
CREATE INDEX contact_work_queue ON contact_work(queue, team_id, received_at);
CREATE INDEX contact_work_owner ON contact_work(owner_user_id, received_at);

-- Contacts recorded before this migration: version 1 as recorded, open, in the contact
-- centre's queue, owned by whoever recorded them.
INSERT INTO contact_versions (contact_id, version, channel, received_at, caller_name, summary,
  reason, created_at, created_by)
  SELECT id, 1, channel, received_at, caller_name, summary, 'recorded', created_at,
         COALESCE(created_by, -created_by_token)
  FROM contacts;
INSERT INTO contact_work (contact_id, queue, team_id, owner_user_id, received_at)
  SELECT id, 'contact_centre', NULL, created_by, received_at FROM contacts;

CREATE TRIGGER contact_versions_no_update BEFORE UPDATE ON contact_versions
  BEGIN SELECT RAISE(ABORT, 'contact versions are evidence: add a version, do not update');
 END;
CREATE TRIGGER contact_versions_no_delete BEFORE DELETE ON contact_versions
  BEGIN SELECT RAISE(ABORT, 'contact versions are evidence: they cannot be deleted');
 END;
CREATE TRIGGER contact_subjects_no_update BEFORE UPDATE ON contact_subjects
  BEGIN SELECT RAISE(ABORT, 'contact subjects are evidence: add a version, do not update');
 END;
CREATE TRIGGER contact_subjects_no_delete BEFORE DELETE ON contact_subjects
  BEGIN SELECT RAISE(ABORT, 'contact subjects are evidence: they cannot be deleted');
 END;
CREATE TRIGGER contact_handovers_no_update BEFORE UPDATE ON contact_handovers
  BEGIN SELECT RAISE(ABORT, 'handovers are evidence: they cannot be changed');
 END;
CREATE TRIGGER contact_handovers_no_delete BEFORE DELETE ON contact_handovers
  BEGIN SELECT RAISE(ABORT, 'handovers are evidence: they cannot be deleted');
 END;
CREATE TRIGGER contact_handover_answers_no_update BEFORE UPDATE ON contact_handover_answers
  BEGIN SELECT RAISE(ABORT, 'handover answers are evidence: they cannot be changed');
 END;
CREATE TRIGGER contact_handover_answers_no_delete BEFORE DELETE ON contact_handover_answers
  BEGIN SELECT RAISE(ABORT, 'handover answers are evidence: they cannot be deleted');
 END;
CREATE TRIGGER safeguarding_concerns_no_update BEFORE UPDATE ON safeguarding_concerns
  BEGIN SELECT RAISE(ABORT, 'safeguarding concerns are evidence: they cannot be changed');
 END;
CREATE TRIGGER safeguarding_concerns_no_delete BEFORE DELETE ON safeguarding_concerns
  BEGIN SELECT RAISE(ABORT, 'safeguarding concerns are evidence: they cannot be deleted');
 END;
CREATE TRIGGER contact_decisions_no_update BEFORE UPDATE ON contact_decisions
  BEGIN SELECT RAISE(ABORT, 'decisions are evidence: record a new decision, do not update');
 END;
CREATE TRIGGER contact_decisions_no_delete BEFORE DELETE ON contact_decisions
  BEGIN SELECT RAISE(ABORT, 'decisions are evidence: they cannot be deleted');
 END;
CREATE TRIGGER contact_decision_authorisations_no_update
  BEFORE UPDATE ON contact_decision_authorisations
  BEGIN SELECT RAISE(ABORT, 'authorisations are evidence: they cannot be changed');
 END;
CREATE TRIGGER contact_decision_authorisations_no_delete
  BEFORE DELETE ON contact_decision_authorisations
  BEGIN SELECT RAISE(ABORT, 'authorisations are evidence: they cannot be deleted');
 END;
CREATE TRIGGER contact_outcomes_no_update BEFORE UPDATE ON contact_outcomes
  BEGIN SELECT RAISE(ABORT, 'outcomes are evidence: they cannot be changed');
 END;
CREATE TRIGGER contact_outcomes_no_delete BEFORE DELETE ON contact_outcomes
  BEGIN SELECT RAISE(ABORT, 'outcomes are evidence: they cannot be deleted');
 END;

-- The code set. C7: the children's reception team's monthly table; which rows count as
-- resolved by the front door is what reproduces the seed's percentages (October and November
-- 2009: advice, dealt with at or near point of contact, no further action and signposting).
-- L2: the four priority workflows. CLD: the adult request outcomes (uk-returns.md).
INSERT INTO outcome_codes (code, label, grp, resolved, c7_label, cld_label, workflow,
  needs_recommendation, needs_care_act, needs_signposting, sort_order) VALUES
  ('advice_information', 'Advice / information', 'both', 1,
   'Advice / information', '', '', 0, 0, 0, 10),
  ('dealt_with_other_services', 'Dealt with at or near point of contact – other services',
   'both', 1, 'Dealt with at or near point of contact - other services', '', '', 0, 0, 0, 20),
  ('financial_assistance', 'Financial assistance', 'children', 0,
   'Financial Assistance', '', '', 0, 0, 0, 30),
  ('kinship_carer', 'Kinship carer', 'children', 0, 'Kinship Carer', '', '', 0, 0, 0, 40),
  ('no_further_action', 'No further action', 'both', 1, 'No further action', '', '',
   0, 0, 0, 50),
  ('private_fostering_notification', 'Private foster care notification', 'children', 0,
   'Private Foster Care Notification', '', '', 0, 0, 0, 60),
  ('progress_assessment_open_case', 'Progress to assessment on open case', 'children', 0,
   'Progress to Assessment on open case', '', '', 1, 0, 0, 70),
  ('progress_to_referral', 'Progress to referral', 'children', 0, 'Progress to Referral', '',
   '', 1, 0, 0, 80),
  ('signpost_other_agency', 'Signpost to other agency', 'both', 1, 'Signpost to Other Agency',
   '', '', 0, 0, 1, 90),
  ('l2_social_care', 'Priority P1 or P2: social care', 'children', 0, 'Progress to Referral',
   '', 'social_care', 1, 0, 0, 110),
  ('l2_locality_hub', 'Priority P3A: locality referral hub', 'children', 0, '', '',
   'locality_hub', 0, 0, 0, 120),
  ('l2_single_agency_referral', 'Priority P3B: referral to a single agency', 'children', 0,
   '', '', 'single_agency_referral', 0, 0, 0, 130),
  ('l2_signposting', 'Priority P4: signposted to universal services', 'children', 1,
   'Signpost to Other Agency', '', 'signposting', 0, 0, 1, 140),
  ('cld_reablement', 'Progress to reablement / short-term support to maximise independence',
   'adults', 0, '', 'Progress to Reablement/ST-Max', '', 0, 0, 0, 210),
  ('cld_assessment', 'Progress to assessment', 'adults', 0, '', 'Progress to Assessment', '',
   0, 1, 0, 220),
  ('cld_admitted_hospital', 'Admitted to hospital', 'adults', 1, '', 'Admitted to hospital',
   '', 0, 0, 0, 230),
  ('cld_reassessment_review', 'Progress to reassessment / unplanned review', 'adults', 0, '',
   'Progress to Re-assessment/Unplanned Review', '', 0, 1, 0, 240),
  ('cld_support_planning', 'Progress to support planning / services', 'adults', 0, '',
   'Progress to Support Planning/Services', '', 0, 0, 0, 250),
  ('cld_end_of_life', 'Progress to end of life care', 'adults', 0, '',
   'Progress to End of Life Care', '', 0, 0, 0, 260),
  ('cld_no_change', 'No change in package', 'adults', 1, '', 'No change in package', '',
   0, 0, 0, 270),
  ('cld_service_ended', 'Service ended as planned', 'adults', 1, '', 'Service ended as planned',
   '', 0, 0, 0, 280),
  ('cld_nfa_moved', 'No further action: moved to another council', 'adults', 1, '',
   'NFA - Moved to another LA', '', 0, 0, 0, 290),
  ('cld_nfa_nhs_funded', 'No further action: 100% NHS funded care', 'adults', 1, '',
   'NFA - 100% NHS funded care', '', 0, 0, 0, 300),
  ('cld_nfa_self_funded', 'No further action: self-funded (including 12-week disregard)',
   'adults', 1, '', 'NFA - Self-funded client (inc 12wk disregard)', '', 0, 0, 0, 310),
  ('cld_nfa_support_declined', 'No further action: support declined', 'adults', 1, '',
   'NFA - Support declined', '', 0, 0, 0, 320),
  ('cld_nfa_information_signposting', 'No further action: information and advice or signposting only',
   'adults', 1, '', 'NFA - Information & Advice / Signposting only', '', 0, 0, 1, 330),
  ('cld_nfa_deceased', 'No further action: deceased', 'adults', 1, '', 'NFA - Deceased', '',
   0, 0, 0, 340),
  ('cld_nfa_no_services_other', 'No further action: no services offered, other reason',
   'adults', 1, '', 'NFA - No services offered: Other reason', '', 0, 0, 0, 350),
  ('cld_nfa_support_ended_other', 'No further action: support ended, other reason', 'adults',
   1, '', 'NFA - Support ended: Other reason', '', 0, 0, 0, 360),
  ('cld_nfa_other', 'No further action: other', 'adults', 1, '', 'NFA - Other', '', 0, 0, 0,
   370),
  ('cld_financial_assessment', 'Progress to financial assessment', 'adults', 0, '',
   'Progress to financial assessment', '', 0, 0, 0, 380),
  ('cld_provision_of_service', 'Provision of service', 'adults', 1, '', 'Provision of service',
   '', 0, 0, 0, 390);
