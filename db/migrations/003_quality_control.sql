-- Schema v3 (scilit 0.2.0): quality control while fieldwork runs (质量控制).

-- Settings a person chose that the app keeps between runs (the supervisor's check thresholds, whether estimates use
-- approved interviews only, …): one JSON value per key.
CREATE TABLE settings (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,              -- JSON
  updated_at  TEXT NOT NULL
) WITHOUT ROWID;

-- The review of final interviews, as ODK Central reviews submissions: each row is one decision (received, approved,
-- has issues, rejected) with its comment; an interview's state is its latest row. Rows are never updated, and carry
-- a UUID so that they travel in field packages back to the surveyor's laptop and merge without duplicates.
CREATE TABLE interview_reviews (
  review_key    INTEGER PRIMARY KEY,
  review_uuid   TEXT NOT NULL UNIQUE,
  interview_id  TEXT NOT NULL REFERENCES interviews (interview_id) ON DELETE CASCADE,
  revision      INTEGER NOT NULL,         -- the interview's revision the decision is about
  state         TEXT NOT NULL CHECK (state IN ('received', 'approved', 'has_issues', 'rejected')),
  comment       TEXT,
  reviewer      TEXT,
  at            TEXT NOT NULL
);
CREATE INDEX interview_reviews_interview ON interview_reviews (interview_id, at, review_key);
CREATE TRIGGER interview_reviews_no_update BEFORE UPDATE ON interview_reviews
  BEGIN SELECT RAISE(ABORT, 'interview_reviews is append-only'); END;

-- Back-checks (回访/复核): a draw of completed interviews to call or visit again and, once done, the answers the
-- respondent gave the back-checker to the same questions (JSON, checked by the form's engine), compared with the
-- interview's own.
CREATE TABLE backchecks (
  backcheck_id   TEXT PRIMARY KEY,          -- UUID
  draw_id        TEXT NOT NULL,             -- the draw it came from (seed and share in its audit row)
  interview_id   TEXT NOT NULL REFERENCES interviews (interview_id) ON DELETE CASCADE,
  reason         TEXT NOT NULL CHECK (reason IN ('random', 'flagged')),
  status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'unreachable')),
  answers        TEXT,                      -- JSON {field: value} from the back-check, when done
  checker        TEXT,
  drawn_at       TEXT NOT NULL,
  done_at        TEXT,
  UNIQUE (draw_id, interview_id)
);
CREATE INDEX backchecks_interview ON backchecks (interview_id);
