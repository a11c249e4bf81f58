/**
 * Alerts: rules that watch schedules, queues and job types ({@link dev.tock.alert.AlertRule}), the
 * channels that carry notifications ({@link dev.tock.alert.AlertChannel}), the alerts they raise and the
 * silences that hush them. Each transition of an alert is notified once through a stored outbox.
 */
package dev.tock.alert;
