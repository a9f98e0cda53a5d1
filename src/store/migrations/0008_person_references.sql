-- 8: allocations and contact subjects name persons that exist. 0002 and 0005 came before the
-- persons table (0003 was written alongside them), so the reference is added here as a trigger:
-- SQLite cannot add a foreign key to an existing table. The store checks first and names the
-- field; the trigger is the backstop. Persons are never deleted, so inserts are all it guards.
CREATE TRIGGER allocations_person_exists BEFORE INSERT ON allocations
  WHEN NOT EXISTS (SELECT 1 FROM persons WHERE id = NEW.person_id)
  BEGIN SELECT RAISE(ABORT, 'there is no such person'); END;
CREATE TRIGGER contact_subjects_person_exists BEFORE INSERT ON contact_subjects
  WHEN NOT EXISTS (SELECT 1 FROM persons WHERE id = NEW.person_id)
  BEGIN SELECT RAISE(ABORT, 'there is no such person'); END;
