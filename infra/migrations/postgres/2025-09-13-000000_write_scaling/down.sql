CREATE TABLE change_counter (
    id INTEGER PRIMARY KEY,
    last_seq BIGINT NOT NULL
);
INSERT INTO change_counter (id, last_seq) SELECT 1, COALESCE(MAX(seq), 0) FROM hazard_changes;
DROP TABLE change_key_base;

CREATE TABLE hazard_counters (
    year INTEGER PRIMARY KEY,
    last_seq BIGINT NOT NULL
);
DO $$
DECLARE
    s record;
BEGIN
    FOR s IN SELECT sequencename, last_value FROM pg_sequences
             WHERE schemaname = current_schema() AND sequencename ~ '^hazard_code_[0-9]+$' LOOP
        INSERT INTO hazard_counters (year, last_seq)
        VALUES (substr(s.sequencename, 13)::integer, COALESCE(s.last_value, 0));
        EXECUTE format('DROP SEQUENCE %I', s.sequencename);
    END LOOP;
END
$$;
