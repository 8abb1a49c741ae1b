package io.keyrotation.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When to try again after the Kubernetes API refused the operator. No change of the resource follows an RBAC fix,
 * so the operator keeps trying, on growing, jittered {@link RetryDelays}. The count of refusals in a row
 * lives here, not in status (whose write may be the refused call): it restarts whenever the resource's version
 * changed since the last refusal (a status written, a spec changed), so a refusal after progress starts short again.
 */
final class RefusalBackoff {
  private record Streak(String resourceVersion, int refusals) {}

  private final RetryDelays backoff;
  private final Map<String, Streak> streaks = new ConcurrentHashMap<>();

  RefusalBackoff(RetryDelays backoff) {
    this.backoff = backoff;
  }

  Duration next(HasMetadata resource) {
    String version = String.valueOf(resource.getMetadata().getResourceVersion());
    Streak streak = streaks.merge(key(resource), new Streak(version, 1),
        (before, first) -> before.resourceVersion().equals(version) ? new Streak(version, before.refusals() + 1) : first);
    return backoff.delay(streak.refusals());
  }

  private static String key(HasMetadata resource) {
    return resource.getKind() + "/" + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}
