package io.keyrotation.operator.soak;

import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;

/** One line on where each resource stands after a step, for the run's log (names, steps and results only). */
final class SoakState {
  private SoakState() {}

  static String of(SoakResources resources) {
    return policy(resources.policy()) + "; " + schedule(resources.schedule()) + "; " + rotation(resources.rotation());
  }

  private static String policy(TdeKeyPolicy policy) {
    var status = policy.getStatus();
    if (status == null) {
      return "policy: no status";
    }
    return "policy: key " + (status.activeKey() == null ? "?" : status.activeKey().keyName())
        + (status.rotation() == null ? "" : ", rotating to " + status.rotation().targetKeyName() + " at " + status.rotation().step())
        + (status.vaultFailover() == null ? "" : ", failing over")
        + " in " + host(status.vaultUrl());
  }

  private static String schedule(VaultBackupSchedule schedule) {
    var status = schedule.getStatus();
    if (status == null) {
      return "backups: no status";
    }
    return "backups: last " + (status.lastRun() == null ? "none" : status.lastRun().result() + " (" + status.lastRun().keysBackedUp()
        + " backed up)") + (status.activeRun() != null && status.activeRun().scheduledTime() != null ? ", running" : "");
  }

  private static String rotation(ServicePrincipalRotation rotation) {
    var status = rotation.getStatus();
    if (status == null) {
      return "client secret: no status";
    }
    return "client secret: " + (status.rotation() == null ? "idle" : status.rotation().step()
        + (status.rotation().nextAttemptTime() == null ? "" : ", retry at " + status.rotation().nextAttemptTime()));
  }

  private static String host(String url) {
    return url == null ? "?" : url.replaceFirst("^https://", "");
  }
}
