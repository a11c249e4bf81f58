-- Alerts (issue 17): rules, channels and silences (specs as JSON), the alerts they raise, and the outbox
-- through which each transition of an alert is notified once across the cluster.

-- How a schedule's run ended, written when history limits delete its job: a failure streak stays visible to
-- alert rules however short the history. NULL while the job exists (its row says) or when it never ran.
ALTER TABLE tock_schedule_fires ADD COLUMN run_state VARCHAR(16);

CREATE TABLE tock_alert_rules (
    namespace   VARCHAR(63) NOT NULL,
    name        VARCHAR(63) NOT NULL,
    spec        ${text} NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (namespace, name)
);

-- Secret settings are references to Secrets; no value is stored here.
CREATE TABLE tock_alert_channels (
    namespace   VARCHAR(63) NOT NULL,
    name        VARCHAR(63) NOT NULL,
    spec        ${text} NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (namespace, name)
);

CREATE TABLE tock_alert_silences (
    namespace   VARCHAR(63) NOT NULL,
    name        VARCHAR(63) NOT NULL,
    spec        ${text} NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (namespace, name)
);

CREATE TABLE tock_alerts (
    id               UUID PRIMARY KEY,
    namespace        VARCHAR(63) NOT NULL,
    rule             VARCHAR(63) NOT NULL,
    condition_type   VARCHAR(32) NOT NULL,
    subject          VARCHAR(255) NOT NULL,
    occurrence       VARCHAR(255) NOT NULL,
    -- firing | resolved (AlertState)
    state            VARCHAR(16) NOT NULL,
    severity         VARCHAR(32) NOT NULL,
    summary          ${text} NOT NULL,
    -- namespace/rule/condition/subject while firing, NULL once resolved: one open incident per subject.
    open_key         VARCHAR(512),
    -- open_key/occurrence, kept: an occurrence is alerted once, ever.
    dedup_key        VARCHAR(800) NOT NULL,
    fired_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    resolved_at      TIMESTAMP WITH TIME ZONE,
    acknowledged_at  TIMESTAMP WITH TIME ZONE,
    acknowledged_by  VARCHAR(255),
    re_alerts        INTEGER NOT NULL,
    last_notified_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE UNIQUE INDEX tock_alerts_open ON tock_alerts (open_key);
CREATE UNIQUE INDEX tock_alerts_dedup ON tock_alerts (dedup_key);
CREATE INDEX tock_alerts_recent ON tock_alerts (namespace, fired_at);

-- The outbox: one row per (transition, channel), written in the transaction of the transition; its unique
-- key is what makes a transition notified once, and is sent as the Idempotency-Key. Senders claim rows
-- with a lease, so a row whose sender died is sent by another node once the lease expires.
CREATE TABLE tock_alert_outbox (
    id                UUID PRIMARY KEY,
    notify_key        VARCHAR(255) NOT NULL,
    alert_id          UUID NOT NULL,
    channel_namespace VARCHAR(63) NOT NULL,
    channel           VARCHAR(63) NOT NULL,
    -- firing | realert | resolved (Transition)
    transition        VARCHAR(16) NOT NULL,
    -- pending | sent | failed | suppressed
    state             VARCHAR(16) NOT NULL,
    attempts          INTEGER NOT NULL,
    next_attempt_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_owner       VARCHAR(255),
    lease_expires_at  TIMESTAMP WITH TIME ZONE,
    last_error        ${text},
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at           TIMESTAMP WITH TIME ZONE
);

CREATE UNIQUE INDEX tock_alert_outbox_key ON tock_alert_outbox (notify_key);
CREATE INDEX tock_alert_outbox_due ON tock_alert_outbox (state, next_attempt_at);
CREATE INDEX tock_alert_outbox_alert ON tock_alert_outbox (alert_id);

-- Heartbeat monitors: work that runs elsewhere pings Tock. Only the SHA-256 of each ping token is kept.
CREATE TABLE tock_monitors (
    namespace   VARCHAR(63) NOT NULL,
    name        VARCHAR(63) NOT NULL,
    spec        ${text} NOT NULL,
    token_hash  VARCHAR(64) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (namespace, name)
);

-- The latest pings of each monitor (older ones are deleted as new ones come).
CREATE TABLE tock_monitor_pings (
    namespace   VARCHAR(63) NOT NULL,
    monitor     VARCHAR(63) NOT NULL,
    id          UUID NOT NULL,
    -- ping | start | fail (PingKind)
    kind        VARCHAR(8) NOT NULL,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (namespace, monitor, id)
);

CREATE INDEX tock_monitor_pings_latest ON tock_monitor_pings (namespace, monitor, at);
