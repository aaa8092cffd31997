-- Filing scales: no district-wide row that every filing locks until it commits.
--
-- Hazard codes: one sequence per year, `hazard_code_<year>`, continuing the counters;
-- the server creates the sequence of a new year on its first filing. A filing that rolls
-- back has used its number: codes stay unique and increasing within a year, with gaps.
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT year, last_seq FROM hazard_counters WHERE year BETWEEN 0 AND 9999 LOOP
        EXECUTE format('CREATE SEQUENCE %I AS bigint START WITH %s', 'hazard_code_' || c.year, c.last_seq + 1);
    END LOOP;
END
$$;
DROP TABLE hazard_counters;

-- The sync feed: a change's number is base + (its transaction id << 16) + its place in the
-- transaction, so numbers follow transaction ids, and readers return only changes of
-- transactions older than every transaction of this database still running: a change
-- that commits late can never get a number below one a phone has already seen.
-- `base` lifts the numbers above the ones already given (and above a restored database's,
-- whose transaction ids came from another cluster); start-up raises it when needed.
CREATE TABLE change_key_base (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    base BIGINT NOT NULL
);
INSERT INTO change_key_base (id, base)
SELECT 1, GREATEST(0, COALESCE(MAX(seq), 0) + 1 - (pg_current_xact_id()::text::bigint << 16)) FROM hazard_changes;
DROP TABLE change_counter;
