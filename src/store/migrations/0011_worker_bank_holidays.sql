-- 11: a worker may work bank holidays to their weekly pattern (an emergency duty team covers
-- Christmas Day as any other day). Until now every worker was shown as not working on a bank
-- holiday, so the routing answer sent callers past the very people on duty.
--
-- Workers already in a team that stays open on bank holidays take the flag, since that is
-- what the team's own setting already said of its members' work.

ALTER TABLE workers ADD COLUMN works_bank_holidays INTEGER NOT NULL DEFAULT 0;

UPDATE workers SET works_bank_holidays = 1
 WHERE id IN (SELECT wt.worker_id FROM worker_teams wt JOIN teams t ON t.id = wt.team_id
               WHERE t.closed_bank_holidays = 0);
