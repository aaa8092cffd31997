-- The key figures of a year are read from monthly sums, not from a million hazards.
--
-- 1. The facts the figures depend on become columns of the hazard, so that every change
--    to them is an update of the hazard row, which also updates the sums (same transaction):
--    `filed_on`, the district date the hazard was filed (what a period means);
--    `listed`, ever listed for supervision; `enforced`, drew an interview or a warning;
--    `close_days`, now whole days, so that the median can be read from counts per day.
--    SQL does not know the configured district time zone (HAZARD_TIMEZONE), so existing
--    rows get their filing date from the server: the note left in `settings` makes the
--    first server that starts compute it in the configured zone and then build the sums
--    (infra/src/db/post_migrate.rs). New rows get it from the configured zone as filed.
ALTER TABLE hazards ADD COLUMN filed_on DATE NOT NULL DEFAULT '1970-01-01';
ALTER TABLE hazards ALTER COLUMN filed_on DROP DEFAULT;
INSERT INTO settings (key, value)
  VALUES ('pending:filed_on', 'file existing hazards in the configured zone, then rebuild hazard_month_stats');
ALTER TABLE hazards ADD COLUMN listed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE hazards ADD COLUMN enforced BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE hazards SET listed = TRUE WHERE id IN (SELECT hazard_id FROM supervisions);
UPDATE hazards SET enforced = TRUE
  WHERE id IN (SELECT hazard_id FROM enforcement_actions WHERE kind IN ('interview', 'warning_notice'));
DROP INDEX hazards_stats;
ALTER TABLE hazards ALTER COLUMN close_days TYPE INTEGER USING floor(close_days)::integer;

-- 2. Odd days at the ends of a period are still counted hazard by hazard: a covering
--    index on the filing date, and one for "overdue now" (rectifying, past the deadline).
CREATE INDEX hazards_stats ON hazards (filed_on)
  INCLUDE (status, grade, source, inspection_id, close_days, listed, enforced, street_code, sector);
CREATE INDEX hazards_rectifying ON hazards (deadline, filed_on) INCLUDE (street_code, sector)
  WHERE status = 'rectifying';

-- 3. The sums: one row per month filed, street, sector and days to close (-1: not closed).
CREATE TABLE hazard_month_stats (
    month DATE NOT NULL,
    street_code TEXT NOT NULL,
    sector TEXT NOT NULL,
    close_days INTEGER NOT NULL,
    found BIGINT NOT NULL,
    found_major BIGINT NOT NULL,
    closed BIGINT NOT NULL,
    major_closed BIGINT NOT NULL,
    open BIGINT NOT NULL,
    in_inspections BIGINT NOT NULL,
    major_in_inspections BIGINT NOT NULL,
    major_listed BIGINT NOT NULL,
    major_enforced BIGINT NOT NULL,
    self_found BIGINT NOT NULL,
    self_closed BIGINT NOT NULL,
    PRIMARY KEY (month, street_code, sector, close_days)
);
-- Filled by the server with the filing dates (see 1.).
