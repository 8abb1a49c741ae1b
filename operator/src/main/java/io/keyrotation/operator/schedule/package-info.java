/**
 * When work is due, decided purely, and the wake-up that brings a resource back to its controller
 * then (DESIGN.md, "Scheduling").
 *
 * <ul>
 *   <li>{@link io.keyrotation.operator.schedule.CronSchedule}, {@link io.keyrotation.operator.schedule.IsoDuration}:
 *       the spec's cron schedules and ISO-8601 durations.
 *   <li>{@link io.keyrotation.operator.schedule.WindowSchedule}: whether a maintenance window is open
 *       and when it next opens; disruptive steps start only inside one.
 *   <li>{@link io.keyrotation.operator.schedule.RetryBackoff}: when a failed step is tried again, or
 *       that it waits for a change of spec or Secret.
 *   <li>{@link io.keyrotation.operator.schedule.WakeUps}, implemented by
 *       {@link io.keyrotation.operator.schedule.DueTimeEventSource}: the only stateful part, and it
 *       holds nothing that status does not: each reconcile derives the next due time from status
 *       (the earliest of the next scheduled run, the next retry, the next window opening) and sets
 *       it, or cancels it when nothing is due.
 * </ul>
 *
 * <p>A planner computes instants; the reconciler passes the earliest to {@code wakeAt}. Nothing
 * here calls Key Vault, SQL Server or Graph, so an idle resource costs one pending wake-up in memory
 * (Quartz holds one trigger per controller, at the earliest).
 */
package io.keyrotation.operator.schedule;
