-- The dashboard benchmark's store: 1,000,000 jobs created over the past 7 days in two namespaces, five
-- queues and eight types (plus 100 of a rare type, spread evenly), 97% succeeded, 2% dead with three
-- failed attempts each, 0.5% cancelled, the newest 1,000 waiting or running. Ids are UUIDv7 of the
-- creation time, as Tock makes them.
CREATE TEMP TABLE g AS
SELECT i,
       statement_timestamp() - (7 * 86400 * (1 - i / 1000000.0)) * interval '1 second' AS created,
       random() AS r, (random() * 1e15)::bigint AS rnd
FROM generate_series(1, 1000000) AS i;
INSERT INTO tock_namespaces (name) VALUES ('team-a') ON CONFLICT DO NOTHING;
INSERT INTO tock_jobs (id, namespace, queue, type, payload, priority, state, run_at, created_at, finished_at,
  attempts, max_attempts, backoff_initial_ms, backoff_max_ms, backoff_multiplier, backoff_jitter, timeout_ms,
  idempotency_key, labels, last_error, lease_token, lease_owner, leased_at, lease_expires_at,
  success_node, success_started_at, success_ended_at, success_output)
SELECT
  CAST(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-7' || substr(h, 14, 3) || '-a' || substr(h, 18, 3) || '-' || substr(h, 21, 12) AS uuid),
  CASE WHEN i % 10 = 0 THEN 'team-a' ELSE 'default' END,
  (ARRAY['default','mail','reports','billing','media'])[1 + i % 5],
  CASE WHEN i % 10000 = 5 THEN 'audit.rare' ELSE (ARRAY['email.send','report.build','invoice.render','image.resize','cleanup','sync.crm','webhook.deliver','export.csv'])[1 + (i / 7) % 8] END,
  '{"n":' || i || ',"to":"user' || i || '@example.com"}',
  0, st, created + CASE WHEN st = 'scheduled' THEN interval '8 days' ELSE interval '0' END, created,
  CASE WHEN st IN ('succeeded','dead','cancelled') THEN created + interval '2 seconds' END,
  CASE WHEN st = 'dead' THEN 3 WHEN st IN ('succeeded','running') THEN 1 ELSE 0 END, 3, 1000, 60000, 2, 0.1, NULL,
  CASE WHEN i % 3 = 0 THEN 'key-' || i END,
  CASE WHEN i % 4 = 0 THEN '{"team":"' || (ARRAY['billing','growth','core'])[1 + i % 3] || '"}' END,
  CASE WHEN st = 'dead' THEN 'java.io.IOException: connection refused (attempt 3)' END,
  CASE WHEN st = 'running' THEN 1 ELSE 2 END,
  CASE WHEN st = 'running' THEN 'node-1' END,
  CASE WHEN st = 'running' THEN statement_timestamp() END,
  CASE WHEN st = 'running' THEN statement_timestamp() + interval '1 hour' END,
  CASE WHEN st = 'succeeded' THEN 'node-' || (1 + i % 3) END,
  CASE WHEN st = 'succeeded' THEN created + interval '1 second' END,
  CASE WHEN st = 'succeeded' THEN created + interval '2 seconds' END,
  NULL
FROM (SELECT i, created, lpad(to_hex((extract(epoch FROM created) * 1000)::bigint), 12, '0') || lpad(to_hex(rnd), 20, '0') AS h,
        CASE WHEN i > 999000 AND i % 2 = 0 THEN 'ready'
             WHEN i > 999000 AND i % 10 = 1 THEN 'running'
             WHEN i > 999000 THEN 'scheduled'
             WHEN r < 0.02 THEN 'dead'
             WHEN r < 0.025 THEN 'cancelled'
             ELSE 'succeeded' END AS st
      FROM g) s;
INSERT INTO tock_attempts (job_id, attempt, node, started_at, ended_at, outcome, error, output)
SELECT j.id, a, 'node-' || (1 + a), j.created_at + a * interval '1 second', j.created_at + a * interval '1 second' + interval '300 ms',
       'failed', 'java.io.IOException: connection refused (attempt ' || a || ')', 'connecting to smtp...' 
FROM tock_jobs j CROSS JOIN generate_series(1, 3) a WHERE j.state = 'dead';
