/**
 * Heartbeat monitors for work Tock does not run: a monitor expects pings on a cron schedule, authenticated by
 * a per-monitor ping token, and feeds the same alert rules as schedules do (subject kind {@code monitor}).
 */
package dev.tock.monitor;
