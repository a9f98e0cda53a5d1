-- 10: the outcome code set (C7, L2, client level data) is configured by administrators, and
-- keeps its history as greeting scripts and service-level policies do: adding a code, or any
-- change to one (its label, sort order, retiring or reinstating it, or how an unused code is
-- counted), is a new row of outcome_code_versions with who, when and why, never an update.
-- outcome_codes stays the current definition of each code (read whenever an outcome is
-- recorded) and now carries its version. Codes are still never deleted (migration 5).
--
-- Reports stay true: the fields that decide how a contact closed with a code is counted or
-- gated (grp, resolved, c7_label, cld_label, workflow, needs_*) cannot change once the code has
-- been recorded on a contact — the administrator retires it and adds a new code instead
-- (domain/outcome outcome_code_change_check; the trigger below refuses it in the database too).

ALTER TABLE outcome_codes ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Every version of every code, newest the highest version. `changed` lists the API names of the
-- fields that differ from the version before (comma-separated; '' for version 1).
CREATE TABLE outcome_code_versions (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL REFERENCES outcome_codes(code),
  version INTEGER NOT NULL,            -- 1, 2, 3 ... per code
  label TEXT NOT NULL,
  grp TEXT NOT NULL,
  resolved INTEGER NOT NULL,
  c7_label TEXT NOT NULL DEFAULT '',
  cld_label TEXT NOT NULL DEFAULT '',
  workflow TEXT NOT NULL DEFAULT '',
  needs_recommendation INTEGER NOT NULL,
  needs_care_act INTEGER NOT NULL,
  needs_signposting INTEGER NOT NULL,
  active INTEGER NOT NULL,
  sort_order INTEGER NOT NULL,
  changed TEXT NOT NULL DEFAULT '',
  changed_at BIGINT NOT NULL,          -- UTC ms; 0 for the code set as it stood before
  changed_by BIGINT NOT NULL,          -- user id; 0 for the system
  reason TEXT NOT NULL,
  UNIQUE (code, version),
  CHECK (version >= 1),
  CHECK (grp IN ('children', 'adults', 'both')),
  CHECK (reason <> ''));
CREATE TRIGGER outcome_code_versions_no_update BEFORE UPDATE ON outcome_code_versions
  BEGIN SELECT RAISE(ABORT, 'outcome code versions are kept: add a new version');
 END;
CREATE TRIGGER outcome_code_versions_no_delete BEFORE DELETE ON outcome_code_versions
  BEGIN SELECT RAISE(ABORT, 'outcome code versions are kept: they cannot be deleted');
 END;

-- A code is what outcomes refer to: it is never renamed.
CREATE TRIGGER outcome_codes_code_kept BEFORE UPDATE OF code ON outcome_codes
  WHEN NEW.code IS NOT OLD.code
  BEGIN SELECT RAISE(ABORT, 'outcome codes cannot be renamed: retire it and add a new code');
 END;
-- How a used code is counted never changes under the contacts already closed with it.
CREATE TRIGGER outcome_codes_counting_kept BEFORE UPDATE ON outcome_codes
  WHEN (NEW.grp IS NOT OLD.grp OR NEW.resolved IS NOT OLD.resolved
        OR NEW.c7_label IS NOT OLD.c7_label OR NEW.cld_label IS NOT OLD.cld_label
        OR NEW.workflow IS NOT OLD.workflow
        OR NEW.needs_recommendation IS NOT OLD.needs_recommendation
        OR NEW.needs_care_act IS NOT OLD.needs_care_act
        OR NEW.needs_signposting IS NOT OLD.needs_signposting)
   AND EXISTS (SELECT 1 FROM contact_outcomes WHERE code = OLD.code)
  BEGIN SELECT RAISE(ABORT, 'the outcome code has been used: how it is counted cannot change');
 END;

-- Each code as it stands now is its version 1.
INSERT INTO outcome_code_versions (code, version, label, grp, resolved, c7_label, cld_label,
  workflow, needs_recommendation, needs_care_act, needs_signposting, active, sort_order,
  changed, changed_at, changed_by, reason)
  SELECT code, 1, label, grp, resolved, c7_label, cld_label, workflow, needs_recommendation,
    needs_care_act, needs_signposting, active, sort_order, '', 0, 0,
    'the code as it stood when its history began'
  FROM outcome_codes;
