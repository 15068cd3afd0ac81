-- Jobs and analyses are idempotent by the report row itself (a job inserts only an absent row, an analysis
-- completes only a processing row under a row lock), so the table of seen event ids is no longer written.
DROP TABLE processed_event;
