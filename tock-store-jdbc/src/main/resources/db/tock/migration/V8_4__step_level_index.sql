-- The step-level instances of a run (item_key ''), found by the run alone: a step's end reads them in the round trip
-- that locks the run, before it knows the run's steps (see Pipeline). On PostgreSQL a partial index, which a fan-out's
-- items never enter. The embedded store sends statements one by one, reads them by their whole primary keys after the
-- lock, and needs none.
${step_level_index}
