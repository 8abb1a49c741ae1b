package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.common.MaintenanceWindow;
import io.keyrotation.operator.schedule.CronSchedule;
import io.keyrotation.operator.schedule.IsoDuration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a maintenance window is open at an instant, and when it next opens. Pure.
 * TODO(merge): replace with the scheduling package's window evaluation once it lands on main.
 */
final class MaintenanceWindowState {
  private MaintenanceWindowState() {}

  /** Empty when the window is open now (or there is none); otherwise when it next opens. */
  static Optional<Instant> closedUntil(MaintenanceWindow window, Instant now) {
    if (window == null) {
      return Optional.empty();
    }
    CronSchedule schedule = CronSchedule.parse(window.schedule(), window.timeZone());
    IsoDuration length = IsoDuration.parse(window.duration());
    Optional<Instant> lastOpening = schedule.lastAtOrBefore(now);
    if (lastOpening.isPresent() && length.addTo(lastOpening.get()).isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(schedule.nextAfter(now).orElse(Instant.MAX));
  }
}
