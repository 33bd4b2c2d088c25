-- Schema v1. Ids are stable across laptops: interviews by UUID (or the instanceID an office file carries),
-- forms by (form_id, version). Nothing is updated in place without an audit row (see audit_log).

CREATE TABLE forms (
  form_id             TEXT NOT NULL,
  version             TEXT NOT NULL,
  title               TEXT NOT NULL,
  definition          TEXT NOT NULL,          -- the form model as JSON
  definition_checksum TEXT NOT NULL,          -- sha256 of the canonical definition: decides "same form"
  source_name         TEXT,                   -- file the form came from
  source_checksum     TEXT,                   -- sha256 of that file's bytes
  source_xlsx         BLOB,                   -- the original workbook, kept for export and audit
  imported_at         TEXT NOT NULL,
  PRIMARY KEY (form_id, version)
);

CREATE TABLE import_batches (
  batch_id       TEXT PRIMARY KEY,            -- UUID
  kind           TEXT NOT NULL CHECK (kind IN ('form', 'responses', 'targets', 'package')),
  file_name      TEXT,
  file_checksum  TEXT,
  form_id        TEXT,
  form_version   TEXT,
  imported_at    TEXT NOT NULL,
  rows_total     INTEGER NOT NULL DEFAULT 0,
  rows_added     INTEGER NOT NULL DEFAULT 0,
  rows_skipped   INTEGER NOT NULL DEFAULT 0,
  rows_conflict  INTEGER NOT NULL DEFAULT 0,
  detail         TEXT                         -- JSON: mapping, warnings
);

CREATE TABLE interviews (
  interview_key  INTEGER PRIMARY KEY,         -- arrival order in this database: what answer_rows are stored under
  interview_id   TEXT NOT NULL UNIQUE,        -- UUID v4, or the instanceID/_uuid/KEY of an imported row
  form_id        TEXT NOT NULL,
  form_version   TEXT NOT NULL,
  surveyor       TEXT,
  device         TEXT,
  region_code    TEXT,
  stratum        TEXT,
  psu            TEXT,
  household      TEXT,
  status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final', 'void')),
  source         TEXT NOT NULL DEFAULT 'field' CHECK (source IN ('field', 'import', 'package')),
  batch_id       TEXT REFERENCES import_batches (batch_id),
  current_field  TEXT,                        -- where a draft stopped, to resume exactly there
  void_reason    TEXT,
  started_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  finalized_at   TEXT,
  revision       INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
  content_hash   TEXT,                        -- sha256 of the answers at finalization (merge and dedup)
  ancestors      TEXT,                        -- JSON array: content hashes of earlier revisions, oldest first
  in_conflict    INTEGER NOT NULL DEFAULT 0 CHECK (in_conflict IN (0, 1)),  -- see interview_conflicts
  design_weight  REAL CHECK (design_weight IS NULL OR design_weight > 0),  -- base weight (1/selection prob.); NULL = 1
  FOREIGN KEY (form_id, form_version) REFERENCES forms (form_id, version)
);
CREATE INDEX interviews_status ON interviews (status, updated_at);
CREATE INDEX interviews_surveyor ON interviews (surveyor, status);  -- (…, status): Home counts from the index alone
CREATE INDEX interviews_region ON interviews (region_code, status);
CREATE INDEX interviews_started ON interviews (started_at);          -- Interviews screen: date filter and sort
CREATE INDEX interviews_updated ON interviews (updated_at);
CREATE INDEX interviews_form ON interviews (form_id, form_version);
CREATE INDEX interviews_household ON interviews (household COLLATE NOCASE);  -- Interviews search: prefix as a range

-- Versions of an interview that came from another laptop with different content and no revision link to the
-- version in `interviews`: kept side by side for review, never overwritten (field packages).
CREATE TABLE interview_conflicts (
  interview_id   TEXT NOT NULL REFERENCES interviews (interview_id) ON DELETE CASCADE,
  content_hash   TEXT NOT NULL,
  record         TEXT NOT NULL,               -- JSON: the version's interview fields, answers and ancestors
  PRIMARY KEY (interview_id, content_hash)
) WITHOUT ROWID;

-- Answers are stored under the interview's integer key, not its random UUID: the answers of a merged package or an
-- imported file append at the end of the B-tree instead of landing on thousands of random pages (merging 200
-- packages of 500 interviews wrote 5x the pages). Read and write them through the `answers` view below.
CREATE TABLE answer_rows (
  interview_key  INTEGER NOT NULL REFERENCES interviews (interview_key) ON DELETE CASCADE,
  field          TEXT NOT NULL,
  value          TEXT,                        -- canonical text: select_multiple space-separated, dates ISO
  answered_at    TEXT NOT NULL,
  duration_ms    INTEGER,                     -- time spent on the question
  PRIMARY KEY (interview_key, field)
) WITHOUT ROWID;

-- Every answer with its interview's id: what queries (and anyone opening the file in an SQLite tool) read and write.
CREATE VIEW answers (interview_id, field, value, answered_at, duration_ms) AS
  SELECT i.interview_id, r.field, r.value, r.answered_at, r.duration_ms
  FROM answer_rows r JOIN interviews i ON i.interview_key = r.interview_key;
CREATE TRIGGER answers_insert INSTEAD OF INSERT ON answers
  BEGIN
    INSERT INTO answer_rows (interview_key, field, value, answered_at, duration_ms)
    VALUES ((SELECT interview_key FROM interviews WHERE interview_id = NEW.interview_id), NEW.field, NEW.value,
            NEW.answered_at, NEW.duration_ms);
  END;
CREATE TRIGGER answers_update INSTEAD OF UPDATE ON answers
  BEGIN
    UPDATE answer_rows SET field = NEW.field, value = NEW.value, answered_at = NEW.answered_at,
      duration_ms = NEW.duration_ms
    WHERE interview_key = (SELECT interview_key FROM interviews WHERE interview_id = OLD.interview_id)
      AND field = OLD.field;
  END;
CREATE TRIGGER answers_delete INSTEAD OF DELETE ON answers
  BEGIN
    DELETE FROM answer_rows
    WHERE interview_key = (SELECT interview_key FROM interviews WHERE interview_id = OLD.interview_id)
      AND field = OLD.field;
  END;

-- Append-only: triggers refuse UPDATE and DELETE.
CREATE TABLE audit_log (
  audit_id       INTEGER PRIMARY KEY AUTOINCREMENT,
  audit_uuid     TEXT NOT NULL,               -- stable across laptops, for packages (see audit_interview)
  at             TEXT NOT NULL,
  actor          TEXT,
  device         TEXT,
  action         TEXT NOT NULL,               -- e.g. interview.start, answer.save, interview.void
  entity         TEXT NOT NULL,               -- interview, form, batch, scheme ...
  entity_id      TEXT,
  interview_key  INTEGER,                     -- entity 'interview': the interview's key (see interviews)
  detail         TEXT                         -- JSON: old and new values, reasons
);
-- An interview's trail, and a merged row already here (same uuid) skipped, in one index keyed like answer_rows: a
-- merged package's rows append instead of landing on random pages as an index on the interview's UUID would.
CREATE UNIQUE INDEX audit_interview ON audit_log (interview_key, audit_uuid) WHERE interview_key IS NOT NULL;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Population targets: a set of margins or cells; `variables` and `categories` are JSON arrays of equal length
-- (one variable for a margin, several for a cell of a cross classification).
CREATE TABLE target_sets (
  target_set_id  TEXT PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE,
  source         TEXT,
  created_at     TEXT NOT NULL
);
CREATE TABLE population_targets (
  target_set_id  TEXT NOT NULL REFERENCES target_sets (target_set_id) ON DELETE CASCADE,
  variables      TEXT NOT NULL,
  categories     TEXT NOT NULL,
  population     REAL NOT NULL CHECK (population >= 0),
  PRIMARY KEY (target_set_id, variables, categories)
);

-- Scoring schemes are data: their rules as JSON.
CREATE TABLE scoring_schemes (
  scheme_id      TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  definition     TEXT NOT NULL,
  created_at     TEXT NOT NULL
);
CREATE TABLE scores (
  interview_id   TEXT NOT NULL REFERENCES interviews (interview_id) ON DELETE CASCADE,
  scheme_id      TEXT NOT NULL REFERENCES scoring_schemes (scheme_id) ON DELETE CASCADE,
  total          REAL NOT NULL,
  max_total      REAL NOT NULL,
  level          TEXT NOT NULL,
  literate       INTEGER NOT NULL CHECK (literate IN (0, 1)),
  dimensions     TEXT NOT NULL,               -- JSON {dimension: points}
  percent        REAL NOT NULL DEFAULT 0,     -- total / max_total × 100 (the national 0–100 scale)
  vetoed         INTEGER NOT NULL DEFAULT 0 CHECK (vetoed IN (0, 1)),
  scored_at      TEXT NOT NULL,
  result_key     TEXT NOT NULL,               -- the tally in one short string (total, maximum, veto, points and items
                                              -- correct per dimension): with level and literate, the whole result; a
                                              -- rescore rewrites a score only when one of them differs, and classifies
                                              -- a stored tally again when only the scheme's rule changed (score_sets)
  input_stamp    TEXT,                        -- the interview's revision, content hash and update time when scored:
                                              -- while it matches (and score_sets' hash), a rescore skips the interview
  PRIMARY KEY (scheme_id, interview_id)       -- a scheme's scores together: a rescore reads them in one range
) WITHOUT ROWID;

-- Under which form definition and scheme the stored scores of a (scheme, form version) were last all checked: when
-- the hash differs, a rescore reads every interview again and writes only the scores whose result changed.
-- tally_hash covers only what the tallies (scores.result_key) depend on: the form and the scheme's don't-know
-- answers and vetoes. While it is unchanged, a stored tally whose stamp is current is classified again instead of
-- reading the answers, also by another scheme of the same form version with the same tally_hash.
CREATE TABLE score_sets (
  scheme_id      TEXT NOT NULL REFERENCES scoring_schemes (scheme_id) ON DELETE CASCADE,
  form_id        TEXT NOT NULL,
  form_version   TEXT NOT NULL,
  scheme_hash    TEXT NOT NULL,
  tally_hash     TEXT,
  PRIMARY KEY (scheme_id, form_id, form_version)
) WITHOUT ROWID;

-- A cache the rescore keeps (src/store/answer-packs.ts): each final interview's answers as one string in its form
-- version's field order, valid while `stamp` equals a hash of the form's field list followed by the interview's
-- stamp (as scores.input_stamp). Reading one short string per interview instead of ~30 answer rows makes rescoring
-- after a scheme change fast.
CREATE TABLE answer_packs (
  interview_id   TEXT PRIMARY KEY REFERENCES interviews (interview_id) ON DELETE CASCADE,
  stamp          TEXT NOT NULL,
  packed         TEXT NOT NULL
) WITHOUT ROWID;

-- A weighting scheme: design variables and steps (JSON); its run stores one final weight per interview.
CREATE TABLE weighting_schemes (
  scheme_id      TEXT PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE,
  definition     TEXT NOT NULL,
  diagnostics    TEXT,                        -- JSON of the last run: convergence, min/max/CV, n_kish
  created_at     TEXT NOT NULL,
  run_at         TEXT
);
CREATE TABLE weights (
  scheme_id      TEXT NOT NULL REFERENCES weighting_schemes (scheme_id) ON DELETE CASCADE,
  interview_id   TEXT NOT NULL REFERENCES interviews (interview_id) ON DELETE CASCADE,
  weight         REAL NOT NULL,
  PRIMARY KEY (scheme_id, interview_id)
) WITHOUT ROWID;

-- Everything needed to reproduce an estimate: inputs, options, results.
CREATE TABLE estimate_runs (
  run_id         TEXT PRIMARY KEY,
  created_at     TEXT NOT NULL,
  weighting_scheme_id TEXT REFERENCES weighting_schemes (scheme_id) ON DELETE SET NULL,
  scoring_scheme_id   TEXT REFERENCES scoring_schemes (scheme_id) ON DELETE SET NULL,
  request        TEXT NOT NULL,               -- JSON: variable, by, design, interval method, level
  result         TEXT NOT NULL,               -- JSON: the estimates as returned
  software       TEXT NOT NULL                -- scilit version
);
