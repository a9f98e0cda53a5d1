-- 7: routing a request for a named worker and what follows it (issue 4, second part):
-- call-back promises (W2, H8), messages left for a practitioner (W2, H11), written contacts
-- (W3), functions done on behalf of the allocated team (W5), referrals and transfers to a team
-- with their answer and the written confirmation to the referrer (C3, C4, C5, A5), and tasks
-- (W6, W7, W12).
--
-- Every table here is evidence and refuses UPDATE and DELETE by trigger; an answer, a return
-- or a closure is its own row beside the thing it answers. Two derived indexes may change:
-- referral_open (referrals waiting for the receiving team's answer) and task_open (tasks not
-- yet done or cancelled). Each can be rebuilt from the evidence, is kept in step by
-- store/store_referral and store/store_task in the same transaction, and loses its row when
-- the referral is answered or the task closed, so the queues and "my work" read index ranges
-- rather than every referral or task ever made.
--
-- created_by / answered_by / closed_by are the actor: a user id, or minus an integration
-- token's id. Person ids have no foreign key (as contact_subjects).

-- Tasks first: call-back promises open one.
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  owner_user_id INTEGER REFERENCES users(id),
  team_id INTEGER REFERENCES teams(id),
  contact_id INTEGER REFERENCES contacts(id),
  person_id BIGINT,
  due_at BIGINT NOT NULL,
  note TEXT NOT NULL,
  agreed_with TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  CHECK (kind IN ('call_back', 'follow_up', 'check_advice_worked', 'review_request')),
  CHECK (owner_user_id IS NOT NULL OR team_id IS NOT NULL),
  CHECK (note <> ''),
  CHECK (kind <> 'follow_up' OR agreed_with <> ''));
CREATE INDEX tasks_contact ON tasks(contact_id, id) WHERE contact_id IS NOT NULL;
CREATE TABLE task_closures (
  task_id INTEGER PRIMARY KEY REFERENCES tasks(id),
  state TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  closed_at BIGINT NOT NULL,
  closed_by BIGINT NOT NULL,
  CHECK (state IN ('done', 'cancelled')),
  CHECK (state <> 'cancelled' OR note <> ''));
CREATE TABLE task_open (
  task_id INTEGER PRIMARY KEY REFERENCES tasks(id),
  owner_user_id INTEGER REFERENCES users(id),
  team_id INTEGER REFERENCES teams(id),
  due_at BIGINT NOT NULL);
CREATE INDEX task_open_owner ON task_open(owner_user_id, due_at) WHERE owner_user_id IS NOT NULL;
CREATE INDEX task_open_team ON task_open(team_id, due_at) WHERE team_id IS NOT NULL;

-- What the person was told about a call-back and what to do if none comes (W2, H8).
CREATE TABLE callback_promises (
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  worker_id INTEGER REFERENCES workers(id),     -- who is to call back; NULL: the front door
  callback_by BIGINT NOT NULL,
  told TEXT NOT NULL DEFAULT '',
  if_no_call TEXT NOT NULL,
  task_id INTEGER NOT NULL REFERENCES tasks(id),
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  CHECK (if_no_call <> ''));
CREATE INDEX callback_promises_contact ON callback_promises(contact_id, id);

-- A letter, form or other written item for a named worker (W3): where it is, whether they
-- want the original, who acknowledges it.
CREATE TABLE written_items (
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  worker_id INTEGER REFERENCES workers(id),
  description TEXT NOT NULL,
  stored_at TEXT NOT NULL,
  wants_original INTEGER,                        -- NULL: not known yet
  acknowledged_by TEXT NOT NULL,
  can_act_in_time INTEGER,                       -- NULL: not known yet
  person_told TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  CHECK (description <> ''),
  CHECK (stored_at <> ''),
  CHECK (acknowledged_by IN ('practitioner', 'front_door', 'service', 'none')));
CREATE INDEX written_items_contact ON written_items(contact_id, id);

-- A message left for a practitioner (W2, H11): the narrative stays here and in the in-app
-- message; the email carries the reference and a link only. Returning the call is its own row.
CREATE TABLE worker_messages (
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  worker_id INTEGER NOT NULL REFERENCES workers(id),
  what_happened TEXT NOT NULL,
  what_was_done TEXT NOT NULL,
  follow_up TEXT NOT NULL,
  callback_promise_id INTEGER REFERENCES callback_promises(id),
  written_item_id INTEGER REFERENCES written_items(id),
  in_app_outbox_id INTEGER REFERENCES outbox(id),
  email_outbox_id INTEGER REFERENCES outbox(id),
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  CHECK (what_happened <> ''));
CREATE INDEX worker_messages_contact ON worker_messages(contact_id, id);
CREATE INDEX worker_messages_worker ON worker_messages(worker_id, id);
CREATE TABLE worker_message_returns (
  message_id INTEGER PRIMARY KEY REFERENCES worker_messages(id),
  note TEXT NOT NULL DEFAULT '',
  returned_at BIGINT NOT NULL,
  returned_by BIGINT NOT NULL);

-- Functions done on behalf of the allocated team (W5), each with the alert to the worker.
CREATE TABLE on_behalf_actions (
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  kind TEXT NOT NULL,
  details TEXT NOT NULL,
  worker_id INTEGER NOT NULL REFERENCES workers(id),
  in_app_outbox_id INTEGER REFERENCES outbox(id),
  email_outbox_id INTEGER REFERENCES outbox(id),
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  CHECK (kind IN ('suspend_service', 'restart_service', 'arrange_respite',
                  'complete_referral')),
  CHECK (details <> ''));
CREATE INDEX on_behalf_actions_contact ON on_behalf_actions(contact_id, id);

-- Referrals and transfers to a team (C3, C4, C5, A5). A safeguarding referral is also a phone
-- call: who was spoken to and when.
CREATE TABLE referrals (
  id INTEGER PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,               -- R-YYYY-NNNNNN
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  from_team_id INTEGER REFERENCES teams(id),
  to_team_id INTEGER NOT NULL REFERENCES teams(id),
  kind TEXT NOT NULL,
  safeguarding INTEGER NOT NULL,
  recommendation TEXT NOT NULL DEFAULT '',
  work_plan TEXT NOT NULL DEFAULT '',
  recommendation_decision_id INTEGER REFERENCES contact_decisions(id),
  phoned_to TEXT NOT NULL DEFAULT '',
  phoned_at BIGINT,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  CHECK (kind IN ('assessment', 'locality_hub', 'single_agency', 'other_team')),
  CHECK (safeguarding IN (0, 1)),
  CHECK (safeguarding = 0 OR (phoned_to <> '' AND phoned_at IS NOT NULL)),
  CHECK (kind <> 'assessment' OR work_plan <> ''));
CREATE INDEX referrals_contact ON referrals(contact_id, id);
CREATE INDEX referrals_to ON referrals(to_team_id, id);
CREATE TABLE referral_answers (
  referral_id INTEGER PRIMARY KEY REFERENCES referrals(id),
  answer TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',                -- the reason, for a return
  answered_at BIGINT NOT NULL,
  answered_by BIGINT NOT NULL,
  CHECK (answer IN ('accepted', 'returned')),
  CHECK (answer <> 'returned' OR note <> ''));
CREATE INDEX referral_answers_when ON referral_answers(answered_at);
CREATE TABLE referral_open (
  referral_id INTEGER PRIMARY KEY REFERENCES referrals(id),
  to_team_id INTEGER NOT NULL REFERENCES teams(id),
  from_team_id INTEGER REFERENCES teams(id),
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL);
CREATE INDEX referral_open_to ON referral_open(to_team_id, created_at);
CREATE INDEX referral_open_from ON referral_open(from_team_id, created_at);
CREATE INDEX referral_open_by ON referral_open(created_by, created_at);
-- The clear desk (A11) looks for transfers decided on contacts that no referral carries yet.
CREATE INDEX contact_decisions_transfers ON contact_decisions(decided_at)
  WHERE kind = 'transfer';
-- The written confirmation to the referrer (C3, C4), as sent.
CREATE TABLE referral_confirmations (
  referral_id INTEGER PRIMARY KEY REFERENCES referrals(id),
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  outbox_id INTEGER REFERENCES outbox(id),
  sent_at BIGINT NOT NULL,
  sent_by BIGINT NOT NULL,
  CHECK (to_address <> ''));

CREATE TRIGGER tasks_no_update BEFORE UPDATE ON tasks
  BEGIN SELECT RAISE(ABORT, 'tasks are evidence: close them, do not change them');
 END;
CREATE TRIGGER tasks_no_delete BEFORE DELETE ON tasks
  BEGIN SELECT RAISE(ABORT, 'tasks are evidence: they cannot be deleted');
 END;
CREATE TRIGGER task_closures_no_update BEFORE UPDATE ON task_closures
  BEGIN SELECT RAISE(ABORT, 'task closures are evidence: they cannot be changed');
 END;
CREATE TRIGGER task_closures_no_delete BEFORE DELETE ON task_closures
  BEGIN SELECT RAISE(ABORT, 'task closures are evidence: they cannot be deleted');
 END;
CREATE TRIGGER callback_promises_no_update BEFORE UPDATE ON callback_promises
  BEGIN SELECT RAISE(ABORT, 'call-back promises are evidence: they cannot be changed');
 END;
CREATE TRIGGER callback_promises_no_delete BEFORE DELETE ON callback_promises
  BEGIN SELECT RAISE(ABORT, 'call-back promises are evidence: they cannot be deleted');
 END;
CREATE TRIGGER written_items_no_update BEFORE UPDATE ON written_items
  BEGIN SELECT RAISE(ABORT, 'written items are evidence: they cannot be changed');
 END;
CREATE TRIGGER written_items_no_delete BEFORE DELETE ON written_items
  BEGIN SELECT RAISE(ABORT, 'written items are evidence: they cannot be deleted');
 END;
CREATE TRIGGER worker_messages_no_update BEFORE UPDATE ON worker_messages
  BEGIN SELECT RAISE(ABORT, 'messages are evidence: they cannot be changed');
 END;
CREATE TRIGGER worker_messages_no_delete BEFORE DELETE ON worker_messages
  BEGIN SELECT RAISE(ABORT, 'messages are evidence: they cannot be deleted');
 END;
CREATE TRIGGER worker_message_returns_no_update BEFORE UPDATE ON worker_message_returns
  BEGIN SELECT RAISE(ABORT, 'returned calls are evidence: they cannot be changed');
 END;
CREATE TRIGGER worker_message_returns_no_delete BEFORE DELETE ON worker_message_returns
  BEGIN SELECT RAISE(ABORT, 'returned calls are evidence: they cannot be deleted');
 END;
CREATE TRIGGER on_behalf_actions_no_update BEFORE UPDATE ON on_behalf_actions
  BEGIN SELECT RAISE(ABORT, 'actions are evidence: they cannot be changed');
 END;
CREATE TRIGGER on_behalf_actions_no_delete BEFORE DELETE ON on_behalf_actions
  BEGIN SELECT RAISE(ABORT, 'actions are evidence: they cannot be deleted');
 END;
CREATE TRIGGER referrals_no_update BEFORE UPDATE ON referrals
  BEGIN SELECT RAISE(ABORT, 'referrals are evidence: they cannot be changed');
 END;
CREATE TRIGGER referrals_no_delete BEFORE DELETE ON referrals
  BEGIN SELECT RAISE(ABORT, 'referrals are evidence: they cannot be deleted');
 END;
CREATE TRIGGER referral_answers_no_update BEFORE UPDATE ON referral_answers
  BEGIN SELECT RAISE(ABORT, 'referral answers are evidence: they cannot be changed');
 END;
CREATE TRIGGER referral_answers_no_delete BEFORE DELETE ON referral_answers
  BEGIN SELECT RAISE(ABORT, 'referral answers are evidence: they cannot be deleted');
 END;
CREATE TRIGGER referral_confirmations_no_update BEFORE UPDATE ON referral_confirmations
  BEGIN SELECT RAISE(ABORT, 'confirmations are evidence: they cannot be changed');
 END;
CREATE TRIGGER referral_confirmations_no_delete BEFORE DELETE ON referral_confirmations
  BEGIN SELECT RAISE(ABORT, 'confirmations are evidence: they cannot be deleted');
 END;
