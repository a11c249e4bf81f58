-- Issue 16 (fair sharing): jobs of a queue with limits or key sharing wait in their queue's own lane.
-- Before, they sat in the one lease order every node walks, so each lease of any other queue stepped over
-- the whole backlog of a limited queue (10 ms per lease for 10,000 jobs of a keyed queue). Leasing from a
-- limited queue now marks its due jobs parked; the lease of unlimited queues reads only unparked rows.
-- Where the store has partial indexes, parked rows sit in indexes of their own, keyed by queue.
ALTER TABLE tock_jobs ADD COLUMN parked BOOLEAN DEFAULT FALSE NOT NULL;
${parking_indexes}
