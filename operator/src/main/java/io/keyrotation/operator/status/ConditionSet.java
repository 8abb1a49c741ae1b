package io.keyrotation.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The conditions of one status, changed in place and read back as a list. A condition keeps its
 * {@code lastTransitionTime} unless its status really changes, as the Kubernetes API conventions ask. The time is
 * in whole seconds, as Kubernetes' own (metav1.Time): the conditions a reconcile changes then carry one time, which
 * the client's shared strings hold once for all of them, instead of a string of nanoseconds each.
 */
public final class ConditionSet {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";

  private final List<Condition> conditions;
  private final Clock clock;
  private final long generation;

  public ConditionSet(List<Condition> current, long generation, Clock clock) {
    this.conditions = new ArrayList<>(current == null ? List.of() : current);
    this.generation = generation;
    this.clock = clock;
  }

  public ConditionSet set(String type, Status status, String reason, String message) {
    Condition previous = find(type);
    String since = previous != null && Objects.equals(previous.getStatus(), status.name())
        ? previous.getLastTransitionTime()
        : clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    Condition updated = new ConditionBuilder()
        .withType(type)
        .withStatus(status.name())
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
    if (previous == null) {
      conditions.add(updated);
    } else {
      conditions.set(conditions.indexOf(previous), updated);
    }
    return this;
  }

  public Condition find(String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  public List<Condition> list() {
    return List.copyOf(conditions);
  }

  public enum Status { True, False, Unknown }
}
