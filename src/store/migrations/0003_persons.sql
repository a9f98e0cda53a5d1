-- 3: persons (issue 3): persons and their versions (corrections keep history, A10), other
-- names, address history and phones per version; warning markers and their reviews (A13);
-- relationships and households (L5, L8); merges (a merged-away record points at its
-- survivor); break-glass openings of restricted records (W13); and the search index (X2).
--
-- Case data is never changed or deleted (triggers below): a correction adds a version with
-- who, when and why, and every version carries its own other names, addresses and phones, so
-- any version can be read back whole. Dates of birth are partial dates as text: 'YYYY-MM-DD',
-- 'YYYY-MM', 'YYYY' or '' (unknown). Only person_search and person_keys are changed in place:
-- they are an index of each person's current version, rebuilt from the versions at will.
CREATE TABLE persons (
  id INTEGER PRIMARY KEY,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL);

CREATE TABLE person_versions (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  version INTEGER NOT NULL,
  given_name TEXT NOT NULL DEFAULT '',
  family_name TEXT NOT NULL DEFAULT '',
  date_of_birth TEXT NOT NULL DEFAULT '',
  expected_date_of_birth TEXT NOT NULL DEFAULT '',
  sex TEXT NOT NULL DEFAULT 'U',          -- CIN: M, F, U
  gender_identity TEXT NOT NULL DEFAULT '',
  ethnicity TEXT NOT NULL DEFAULT '',     -- CIN code, '' not recorded
  first_language TEXT NOT NULL DEFAULT '',
  interpreter_needed INTEGER NOT NULL DEFAULT 0,
  bsl_needed INTEGER NOT NULL DEFAULT 0,
  communication_needs TEXT NOT NULL DEFAULT '',
  nhs_number TEXT NOT NULL DEFAULT '',
  upn TEXT NOT NULL DEFAULT '',
  local_id TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  care_leaver INTEGER NOT NULL DEFAULT 0,
  left_care_on TEXT NOT NULL DEFAULT '',
  restricted INTEGER NOT NULL DEFAULT 0,
  reason TEXT NOT NULL,                    -- why this version was written
  changed_fields TEXT NOT NULL DEFAULT '', -- 'family_name,addresses'; '' for the first
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  UNIQUE (person_id, version));

CREATE TABLE person_other_names (
  version_id INTEGER NOT NULL REFERENCES person_versions(id),
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,                      -- alias, previous, known_as
  given_name TEXT NOT NULL DEFAULT '',
  family_name TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (version_id, position));

CREATE TABLE person_addresses (
  version_id INTEGER NOT NULL REFERENCES person_versions(id),
  position INTEGER NOT NULL,               -- 0 = newest
  line1 TEXT NOT NULL DEFAULT '',
  line2 TEXT NOT NULL DEFAULT '',
  locality TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT '',       -- UK: normal form 'SW1A 1AA'
  country TEXT NOT NULL DEFAULT 'GB',
  from_date TEXT NOT NULL DEFAULT '',
  to_date TEXT NOT NULL DEFAULT '',        -- '' = current
  PRIMARY KEY (version_id, position));

CREATE TABLE person_phones (
  version_id INTEGER NOT NULL REFERENCES person_versions(id),
  position INTEGER NOT NULL,
  number TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'other',
  PRIMARY KEY (version_id, position));

-- A merged-away person: their record stays, and points at the survivor.
CREATE TABLE person_merges (
  person_id INTEGER PRIMARY KEY REFERENCES persons(id),
  into_id INTEGER NOT NULL REFERENCES persons(id),
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  CHECK (person_id <> into_id));
CREATE INDEX person_merges_into ON person_merges(into_id);

-- Break-glass: a user gave a reason to open a restricted record; it is open to that sign-in
-- session until expires_at.
CREATE TABLE person_access_grants (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  user_id BIGINT NOT NULL,
  session_hash TEXT NOT NULL,
  reason TEXT NOT NULL,
  granted_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL);
CREATE INDEX person_access_grants_lookup ON person_access_grants(person_id, user_id, expires_at);

-- Warning markers (A13) and their reviews; a review with outcome 'end' ends the marker.
CREATE TABLE person_warnings (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  type TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  starts_on TEXT NOT NULL,
  review_on TEXT NOT NULL,
  told INTEGER NOT NULL,
  told_how TEXT NOT NULL DEFAULT '',
  not_told_reason TEXT NOT NULL DEFAULT '',
  agreed_by BIGINT NOT NULL,               -- the manager (user id)
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL);
CREATE INDEX person_warnings_person ON person_warnings(person_id);
CREATE TABLE person_warning_reviews (
  id INTEGER PRIMARY KEY,
  warning_id INTEGER NOT NULL REFERENCES person_warnings(id),
  reviewed_on TEXT NOT NULL,
  outcome TEXT NOT NULL,                   -- continue, end
  next_review_on TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  agreed_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL);
CREATE INDEX person_warning_reviews_warning ON person_warning_reviews(warning_id, id);

-- Relationships, stored once: "related_id is person_id's type" (domain/relationship keeps
-- one form per pair of inverse types). Ending one adds its end.
CREATE TABLE person_relationships (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id),
  related_id INTEGER NOT NULL REFERENCES persons(id),
  type TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  CHECK (person_id <> related_id));
CREATE INDEX person_relationships_person ON person_relationships(person_id);
CREATE INDEX person_relationships_related ON person_relationships(related_id);
CREATE TABLE person_relationship_ends (
  relationship_id INTEGER PRIMARY KEY REFERENCES person_relationships(id),
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL);

-- Households and families (L5, L8) and their members.
CREATE TABLE households (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,                      -- household, family
  name TEXT NOT NULL,
  locality TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL);
CREATE TABLE household_members (
  id INTEGER PRIMARY KEY,
  household_id INTEGER NOT NULL REFERENCES households(id),
  person_id INTEGER NOT NULL REFERENCES persons(id),
  role TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL);
CREATE INDEX household_members_household ON household_members(household_id);
CREATE INDEX household_members_person ON household_members(person_id);
CREATE TABLE household_member_ends (
  member_id INTEGER PRIMARY KEY REFERENCES household_members(id),
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL);

-- The search index (X2): each current person's matching fields in one row, and their
-- blocking keys (domain/match). Merged-away persons have neither. keys_version records which
-- MATCH_KEYS_VERSION built the keys.
CREATE TABLE person_search (
  person_id INTEGER PRIMARY KEY REFERENCES persons(id),
  version_id INTEGER NOT NULL,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  other_names TEXT NOT NULL,               -- 'given|family' lines
  dob TEXT NOT NULL,                       -- date of birth, else expected date of birth
  sex TEXT NOT NULL,
  postcode TEXT NOT NULL,
  address TEXT NOT NULL,
  locality TEXT NOT NULL,
  nhs_number TEXT NOT NULL,
  upn TEXT NOT NULL,
  phones TEXT NOT NULL,                    -- numbers, one per line
  email TEXT NOT NULL,
  local_id TEXT NOT NULL,
  restricted INTEGER NOT NULL,
  keys_version INTEGER NOT NULL);
CREATE TABLE person_keys (
  key TEXT NOT NULL,
  person_id INTEGER NOT NULL,
  PRIMARY KEY (key, person_id));

CREATE TRIGGER persons_no_update BEFORE UPDATE ON persons
  BEGIN SELECT RAISE(ABORT, 'persons are evidence: correct them with a new version');
 END;
CREATE TRIGGER persons_no_delete BEFORE DELETE ON persons
  BEGIN SELECT RAISE(ABORT, 'persons are evidence: merge them, do not delete');
 END;
CREATE TRIGGER person_versions_no_update BEFORE UPDATE ON person_versions
  BEGIN SELECT RAISE(ABORT, 'person versions are evidence: add a version');
 END;
CREATE TRIGGER person_versions_no_delete BEFORE DELETE ON person_versions
  BEGIN SELECT RAISE(ABORT, 'person versions are evidence: they cannot be deleted');
 END;
CREATE TRIGGER person_other_names_no_update BEFORE UPDATE ON person_other_names
  BEGIN SELECT RAISE(ABORT, 'person versions are evidence: add a version');
 END;
CREATE TRIGGER person_other_names_no_delete BEFORE DELETE ON person_other_names
  BEGIN SELECT RAISE(ABORT, 'person versions are evidence: they cannot be deleted');
 END;
CREATE TRIGGER person_addresses_no_update BEFORE UPDATE ON person_addresses
  BEGIN SELECT RAISE(ABORT, 'person versions are evidence: add a version');
 END;
CREATE TRIGGER person_addresses_no_delete BEFORE DELETE ON person_addresses
  BEGIN SELECT RAISE(ABORT, 'person versions are evidence: they cannot be deleted');
 END;
CREATE TRIGGER person_phones_no_update BEFORE UPDATE ON person_phones
  BEGIN SELECT RAISE(ABORT, 'person versions are evidence: add a version');
 END;
CREATE TRIGGER person_phones_no_delete BEFORE DELETE ON person_phones
  BEGIN SELECT RAISE(ABORT, 'person versions are evidence: they cannot be deleted');
 END;
CREATE TRIGGER person_merges_no_update BEFORE UPDATE ON person_merges
  BEGIN SELECT RAISE(ABORT, 'merges are evidence: they cannot be changed');
 END;
CREATE TRIGGER person_merges_no_delete BEFORE DELETE ON person_merges
  BEGIN SELECT RAISE(ABORT, 'merges are evidence: they cannot be deleted');
 END;
CREATE TRIGGER person_access_grants_no_update BEFORE UPDATE ON person_access_grants
  BEGIN SELECT RAISE(ABORT, 'access grants are evidence: they cannot be changed');
 END;
CREATE TRIGGER person_access_grants_no_delete BEFORE DELETE ON person_access_grants
  BEGIN SELECT RAISE(ABORT, 'access grants are evidence: they cannot be deleted');
 END;
CREATE TRIGGER person_warnings_no_update BEFORE UPDATE ON person_warnings
  BEGIN SELECT RAISE(ABORT, 'warnings are evidence: review them, do not update');
 END;
CREATE TRIGGER person_warnings_no_delete BEFORE DELETE ON person_warnings
  BEGIN SELECT RAISE(ABORT, 'warnings are evidence: end them with a review');
 END;
CREATE TRIGGER person_warning_reviews_no_update BEFORE UPDATE ON person_warning_reviews
  BEGIN SELECT RAISE(ABORT, 'warning reviews are evidence: they cannot be changed');
 END;
CREATE TRIGGER person_warning_reviews_no_delete BEFORE DELETE ON person_warning_reviews
  BEGIN SELECT RAISE(ABORT, 'warning reviews are evidence: they cannot be deleted');
 END;
CREATE TRIGGER person_relationships_no_update BEFORE UPDATE ON person_relationships
  BEGIN SELECT RAISE(ABORT, 'relationships are evidence: end them, do not update');
 END;
CREATE TRIGGER person_relationships_no_delete BEFORE DELETE ON person_relationships
  BEGIN SELECT RAISE(ABORT, 'relationships are evidence: end them, do not delete');
 END;
CREATE TRIGGER person_relationship_ends_no_update BEFORE UPDATE ON person_relationship_ends
  BEGIN SELECT RAISE(ABORT, 'relationship ends are evidence: they cannot be changed');
 END;
CREATE TRIGGER person_relationship_ends_no_delete BEFORE DELETE ON person_relationship_ends
  BEGIN SELECT RAISE(ABORT, 'relationship ends are evidence: they cannot be deleted');
 END;
CREATE TRIGGER households_no_delete BEFORE DELETE ON households
  BEGIN SELECT RAISE(ABORT, 'households are evidence: they cannot be deleted');
 END;
CREATE TRIGGER households_no_update BEFORE UPDATE ON households
  BEGIN SELECT RAISE(ABORT, 'households are evidence: they cannot be changed');
 END;
CREATE TRIGGER household_members_no_update BEFORE UPDATE ON household_members
  BEGIN SELECT RAISE(ABORT, 'household members are evidence: record that they left');
 END;
CREATE TRIGGER household_members_no_delete BEFORE DELETE ON household_members
  BEGIN SELECT RAISE(ABORT, 'household members are evidence: record that they left');
 END;
CREATE TRIGGER household_member_ends_no_update BEFORE UPDATE ON household_member_ends
  BEGIN SELECT RAISE(ABORT, 'household member ends are evidence: they cannot be changed');
 END;
CREATE TRIGGER household_member_ends_no_delete BEFORE DELETE ON household_member_ends
  BEGIN SELECT RAISE(ABORT, 'household member ends are evidence: they cannot be deleted');
 END;
