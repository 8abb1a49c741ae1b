package io.keyrotation.operator.principal;

import io.keyrotation.operator.api.principal.SecretRotationProgress;
import io.keyrotation.operator.api.principal.SecretRotationProgress.TargetProgress;
import io.keyrotation.operator.api.principal.SecretRotationProgress.TargetState;
import io.keyrotation.operator.api.principal.SecretRotationStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Copies of a (record) rotation progress with one thing changed; keeps the workflow code readable. */
final class RotationProgress {
  private RotationProgress() {}

  static SecretRotationProgress started(String rotationId, String reason, Instant now) {
    return new SecretRotationProgress(rotationId, reason, SecretRotationStep.AddPassword, now.toString(), null, List.of(), null, 0, null);
  }

  static SecretRotationProgress step(SecretRotationProgress p, SecretRotationStep step) {
    return new SecretRotationProgress(p.rotationId(), p.reason(), step, p.startedTime(), p.newKeyId(), p.targets(), p.removeOldAfter(), 0,
        null);
  }

  static SecretRotationProgress newKeyId(SecretRotationProgress p, String keyId) {
    return new SecretRotationProgress(p.rotationId(), p.reason(), p.step(), p.startedTime(), keyId, p.targets(), p.removeOldAfter(),
        p.failedAttempts(), p.nextAttemptTime());
  }

  static SecretRotationProgress targets(SecretRotationProgress p, List<TargetProgress> targets) {
    return new SecretRotationProgress(p.rotationId(), p.reason(), p.step(), p.startedTime(), p.newKeyId(), List.copyOf(targets),
        p.removeOldAfter(), p.failedAttempts(), p.nextAttemptTime());
  }

  static SecretRotationProgress removeOldAfter(SecretRotationProgress p, Instant when) {
    return new SecretRotationProgress(p.rotationId(), p.reason(), p.step(), p.startedTime(), p.newKeyId(), p.targets(), when.toString(),
        p.failedAttempts(), p.nextAttemptTime());
  }

  static SecretRotationProgress failed(SecretRotationProgress p, Instant nextAttempt) {
    int attempts = p.failedAttempts() == null ? 1 : p.failedAttempts() + 1;
    return new SecretRotationProgress(p.rotationId(), p.reason(), p.step(), p.startedTime(), p.newKeyId(), p.targets(), p.removeOldAfter(),
        attempts, nextAttempt == null ? null : nextAttempt.toString());
  }

  static SecretRotationProgress succeeded(SecretRotationProgress p) {
    return new SecretRotationProgress(p.rotationId(), p.reason(), p.step(), p.startedTime(), p.newKeyId(), p.targets(), p.removeOldAfter(),
        0, null);
  }

  static int attempts(SecretRotationProgress p) {
    return p.failedAttempts() == null ? 0 : p.failedAttempts();
  }

  static List<TargetProgress> replace(List<TargetProgress> targets, TargetProgress old, UnaryOperator<TargetProgress> change) {
    List<TargetProgress> copy = new ArrayList<>(targets);
    copy.set(copy.indexOf(old), change.apply(old));
    return copy;
  }

  static TargetProgress state(TargetProgress t, TargetState state) {
    return new TargetProgress(t.kind(), t.instance(), t.name(), state, t.restartedTime(), t.modifiedBefore());
  }

  static TargetProgress restarted(TargetProgress t, String startTime) {
    return new TargetProgress(t.kind(), t.instance(), t.name(), TargetState.Restarted, startTime, t.modifiedBefore());
  }

  static TargetProgress modifiedBefore(TargetProgress t, String modified) {
    return new TargetProgress(t.kind(), t.instance(), t.name(), t.state(), t.restartedTime(), modified);
  }
}
