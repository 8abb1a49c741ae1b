package io.keyrotation.operator.principal;

import io.keyrotation.operator.api.common.SqlServerInstance;
import io.keyrotation.operator.api.principal.RotationTargets.KubernetesSecretTarget;
import io.keyrotation.operator.api.principal.RotationTargets.SqlCredentialTarget;
import io.keyrotation.operator.api.principal.SecretRotationProgress;
import io.keyrotation.operator.api.principal.SecretRotationProgress.TargetKind;
import io.keyrotation.operator.api.principal.SecretRotationProgress.TargetProgress;
import io.keyrotation.operator.api.principal.SecretRotationProgress.TargetState;
import io.keyrotation.operator.api.principal.SecretRotationStep;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.api.principal.ServicePrincipalRotationSpec;
import io.keyrotation.operator.api.principal.ServicePrincipalRotationSpec.SqlServerRestart;
import io.keyrotation.operator.graph.AddedPassword;
import io.keyrotation.operator.graph.GraphGateway;
import io.keyrotation.operator.graph.PasswordCredential;
import io.keyrotation.operator.principal.StagingSecret.Staged;
import io.keyrotation.operator.schedule.IsoDuration;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of one client secret rotation ({@link SecretRotationStep}). Each call runs one step,
 * checks first whether its effect already exists, and records the result in the status builder;
 * the reconciler writes that status before anything else happens. Returns when to look again.
 */
final class SecretRotationSteps {
  /** How long a new secret may take before Azure AD accepts it, before the rotation stops. */
  static final Duration VERIFY_PATIENCE = Duration.ofMinutes(10);

  /** What a step wants next: continue at once, or look again at {@code wakeAt}, or wait for a change. */
  record Next(boolean immediately, Instant wakeAt) {
    static Next now() {
      return new Next(true, null);
    }

    static Next at(Instant when) {
      return new Next(false, when);
    }

    static Next waitForChange() {
      return new Next(false, null);
    }
  }

  private final StagingSecret staging;
  private final SecretTargets secretTargets;
  private final SqlCredentialTargets sqlTargets;
  private final TdeCredentialTargets tdeTargets;
  private final SecretVerifier verifier;
  private final Duration restartPoll;

  SecretRotationSteps(StagingSecret staging, SecretTargets secretTargets, SqlCredentialTargets sqlTargets,
                      TdeCredentialTargets tdeTargets, SecretVerifier verifier, Duration restartPoll) {
    this.staging = staging;
    this.tdeTargets = tdeTargets;
    this.secretTargets = secretTargets;
    this.sqlTargets = sqlTargets;
    this.verifier = verifier;
    this.restartPoll = restartPoll;
  }

  static String displayName(ServicePrincipalRotation resource, String rotationId) {
    return "keyrotation:" + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName() + ":" + rotationId;
  }

  /**
   * Adds the new password and saves it in the staging Secret at once. A credential with this
   * rotation's display name that the staging Secret does not hold is an orphan of a crash between
   * the two (its text is lost): it is removed and another one added.
   */
  Next addPassword(ServicePrincipalRotation resource, GraphGateway graph, ServicePrincipalRotationStatusBuilder status, Instant now) {
    SecretRotationProgress p = status.rotation();
    String appId = resource.getSpec().application().clientId();
    String name = displayName(resource, p.rotationId());
    List<PasswordCredential> ours = graph.passwordCredentials(appId).stream().filter(c -> name.equals(c.displayName())).toList();
    var staged = staging.read(resource).filter(s -> p.rotationId().equals(s.rotationId()));
    var saved = ours.stream().filter(c -> staged.map(s -> c.keyId().equals(s.keyId())).orElse(false)).findFirst();
    if (saved.isPresent()) {
      status.rotation(RotationProgress.step(RotationProgress.newKeyId(p, saved.get().keyId()), SecretRotationStep.VerifyNewSecret));
      return Next.now();
    }
    for (PasswordCredential orphan : ours) {
      graph.removePassword(appId, orphan.keyId());
    }
    Instant end = IsoDuration.parse(resource.getSpec().secretLifetime()).addTo(now);
    AddedPassword added = graph.addPassword(appId, name, end);
    staging.save(resource, p.rotationId(), added);
    status.rotation(RotationProgress.step(RotationProgress.newKeyId(p, added.credential().keyId()), SecretRotationStep.VerifyNewSecret));
    return Next.now();
  }

  /** Signs in with the new secret and wraps/unwraps with the verification key; retries while Azure AD may not know it yet. */
  Next verify(ServicePrincipalRotation resource, ServicePrincipalRotationStatusBuilder status, Instant now, RetryPolicy retry) {
    SecretRotationProgress p = status.rotation();
    var staged = stagedSecret(resource, p);
    if (staged == null) {
      // Nothing was distributed yet: start the step over (the orphan is removed by its display name).
      status.rotation(RotationProgress.step(p, SecretRotationStep.AddPassword));
      return Next.now();
    }
    ServicePrincipalRotationSpec spec = resource.getSpec();
    try {
      verifier.verify(spec.tenantId(), spec.application().clientId(), staged.secretText(), spec.verification().vaultUrl(),
          spec.verification().keyName());
    } catch (GatewayException e) {
      boolean mayStillPropagate = e.reason() == FailureReason.Unauthenticated
          && now.isBefore(Instant.parse(p.startedTime()).plus(VERIFY_PATIENCE));
      if (mayStillPropagate || e.retryable()) {
        Instant next = retry.next(FailureReason.Unavailable, RotationProgress.attempts(p) + 1, now);
        status.rotation(RotationProgress.failed(p, next));
        throw new StepFailure("VerificationPending", "The new secret (key id " + p.newKeyId() + ") does not work yet: " + e.getMessage()
            + " Nothing was distributed; retrying at " + next + ".", Next.at(next), e);
      }
      status.rotation(RotationProgress.failed(p, null));
      throw new StepFailure("VerificationFailed", "The new secret (key id " + p.newKeyId() + ") does not work: " + e.getMessage()
          + " It was not distributed to any target and the old secret stays. Fix the cause, then set keyrotation.io/rotate-now "
          + "or change the spec to try again.", Next.waitForChange(), e);
    }
    status.rotation(RotationProgress.targets(RotationProgress.step(p, SecretRotationStep.UpdateTargets), initialTargets(spec)));
    return Next.now();
  }

  /** Puts the new secret into every target; an unreachable instance does not hold the others back. */
  Next updateTargets(ServicePrincipalRotation resource, GraphGateway graph, ServicePrincipalRotationStatusBuilder status, Instant now,
                     RetryPolicy retry) {
    SecretRotationProgress p = status.rotation();
    var staged = stagedSecret(resource, p);
    if (staged == null) {
      status.rotation(RotationProgress.failed(p, null));
      throw new StepFailure("StagingSecretLost", "The staging Secret " + StagingSecret.nameOf(resource) + " no longer holds the new "
          + "secret (key id " + p.newKeyId() + ") while targets are being switched. The old secret is kept; restore the Secret "
          + "or finish by hand.", Next.waitForChange(), null);
    }
    ServicePrincipalRotationSpec spec = resource.getSpec();
    String ns = resource.getMetadata().getNamespace();
    String clientId = spec.application().clientId();
    List<TargetProgress> targets = new ArrayList<>(p.targets());
    for (KubernetesSecretTarget target : spec.targets().kubernetesSecrets()) {
      TargetProgress progress = find(targets, TargetKind.KubernetesSecret, null, secretTargetName(target));
      if (progress.state() == TargetState.Pending) {
        secretTargets.write(ns, target, clientId, staged.secretText());
        targets = RotationProgress.replace(targets, progress, t -> RotationProgress.state(t, TargetState.Updated));
      }
    }
    Map<String, String> failures = new LinkedHashMap<>();
    for (TdeCredentialTargets.Instance target : tdeTargets.instances(ns, spec)) {
      SqlServerInstance instance = target.instance();
      try {
        targets = sqlTargets.apply(sqlTargets.connect(ns, instance), instance.name(), targets, target.tdeCredentials(), clientId,
            staged.secretText());
      } catch (GatewayException e) {
        failures.put(instance.name(), e.getMessage());
      }
    }
    status.rotation(RotationProgress.targets(p, targets));
    if (!failures.isEmpty()) {
      Instant next = retry.next(FailureReason.Unavailable, RotationProgress.attempts(p) + 1, now);
      status.rotation(RotationProgress.failed(status.rotation(), next));
      throw new StepFailure("TargetsPending", "Not updated yet on SQL Server " + String.join(", ", failures.keySet()) + ": "
          + String.join(" ", failures.values()) + " The other targets proceed; the old secret is kept. Retrying at " + next + ".",
          Next.at(next), null);
    }
    if (targets.stream().anyMatch(t -> t.state() == TargetState.Pending)) {
      return Next.now(); // modify_date recorded for some credentials; their ALTER comes next
    }
    PasswordCredential fresh = graph.passwordCredentials(clientId).stream().filter(c -> c.keyId().equals(p.newKeyId())).findFirst()
        .orElseThrow(() -> new GatewayException(FailureReason.NotFound, "The new password credential " + p.newKeyId()
            + " is no longer on the application; it was removed outside the operator."));
    status.currentSecret(ServicePrincipalRotationStatusBuilder.info(fresh))
        .nextRotationTime(SecretRotationPlanner.nextRotationTime(spec, fresh.endDateTime()));
    boolean awaitRestart = spec.sqlServerRestart() == SqlServerRestart.Await && targets.stream().anyMatch(t -> t.kind() == TargetKind.SqlServerCredential);
    SecretRotationProgress next = RotationProgress.step(status.rotation(), awaitRestart ? SecretRotationStep.AwaitRestart : SecretRotationStep.GracePeriod);
    status.rotation(awaitRestart ? next : RotationProgress.removeOldAfter(next, gracePeriodEnd(spec, now)));
    return Next.now();
  }

  /** Waits until every instance started after its credentials changed: until then SQL Server uses the old secret. */
  Next awaitRestart(ServicePrincipalRotation resource, ServicePrincipalRotationStatusBuilder status, Instant now) {
    SecretRotationProgress p = status.rotation();
    ServicePrincipalRotationSpec spec = resource.getSpec();
    List<TargetProgress> targets = p.targets();
    List<String> pending = new ArrayList<>();
    for (TdeCredentialTargets.Instance target : tdeTargets.instances(resource.getMetadata().getNamespace(), spec)) {
      String name = target.instance().name();
      if (targets.stream().noneMatch(t -> SqlCredentialTargets.isOn(t, name) && t.state() == TargetState.Updated)) {
        continue;
      }
      try {
        targets = sqlTargets.observeRestart(sqlTargets.connect(resource.getMetadata().getNamespace(), target.instance()), name, targets);
      } catch (GatewayException e) {
        // An instance that is down may be restarting: look again later.
      }
      if (targets.stream().anyMatch(t -> SqlCredentialTargets.isOn(t, name) && t.state() == TargetState.Updated)) {
        pending.add(name);
      }
    }
    status.rotation(RotationProgress.targets(p, targets));
    if (!pending.isEmpty() && spec.sqlServerRestart() == SqlServerRestart.Await) {
      throw new StepFailure("AwaitingRestart", "SQL Server keeps using the old secret until it restarts; not restarted since its "
          + "credential changed: " + String.join(", ", pending) + ". The old secret is kept until then.",
          Next.at(now.plus(restartPoll)), null);
    }
    status.rotation(RotationProgress.removeOldAfter(RotationProgress.step(status.rotation(), SecretRotationStep.GracePeriod),
        gracePeriodEnd(spec, now)));
    return Next.now();
  }

  /** Removes the old password (if the application still has it) and ends the rotation. */
  Next removeOldPassword(ServicePrincipalRotation resource, GraphGateway graph, ServicePrincipalRotationStatusBuilder status, Instant now) {
    var old = status.previousSecret();
    String appId = resource.getSpec().application().clientId();
    if (old != null && graph.passwordCredentials(appId).stream().anyMatch(c -> c.keyId().equals(old.keyId()))) {
      graph.removePassword(appId, old.keyId());
    }
    status.previousSecret(null).rotation(null).lastRotationTime(now);
    return Next.now();
  }

  private Staged stagedSecret(ServicePrincipalRotation resource, SecretRotationProgress p) {
    return staging.read(resource).filter(s -> p.rotationId().equals(s.rotationId()) && p.newKeyId() != null
        && p.newKeyId().equals(s.keyId())).orElse(null);
  }

  private static List<TargetProgress> initialTargets(ServicePrincipalRotationSpec spec) {
    List<TargetProgress> targets = new ArrayList<>();
    for (KubernetesSecretTarget target : spec.targets().kubernetesSecrets()) {
      targets.add(new TargetProgress(TargetKind.KubernetesSecret, null, secretTargetName(target), TargetState.Pending, null, null));
    }
    for (SqlCredentialTarget target : spec.targets().sqlServerCredentials()) {
      for (String credential : target.credentialNames()) {
        targets.add(new TargetProgress(TargetKind.SqlServerCredential, target.instance().name(), credential, TargetState.Pending, null, null));
      }
    }
    return targets;
  }

  private static String secretTargetName(KubernetesSecretTarget target) {
    return target.name() + "/" + target.key();
  }

  private static TargetProgress find(List<TargetProgress> targets, TargetKind kind, String instance, String name) {
    return targets.stream().filter(t -> t.kind() == kind && java.util.Objects.equals(t.instance(), instance) && t.name().equals(name))
        .findFirst().orElseThrow(() -> new IllegalStateException("target " + name + " missing from status"));
  }

  private static Instant gracePeriodEnd(ServicePrincipalRotationSpec spec, Instant now) {
    return IsoDuration.parse(spec.gracePeriod()).addTo(now);
  }

  /** When to retry a failed step (the scheduling engineer's {@code RetryBackoff} in production). */
  @FunctionalInterface
  public interface RetryPolicy {
    Instant next(FailureReason reason, int failedAttempts, Instant now);
  }

  /** A step that could not finish now: the condition to show and when to look again. Status changes made before it are kept. */
  static final class StepFailure extends RuntimeException {
    private final String reason;
    private final transient Next next;

    StepFailure(String reason, String message, Next next, Throwable cause) {
      super(message, cause);
      this.reason = reason;
      this.next = next;
    }

    String reason() {
      return reason;
    }

    Next next() {
      return next;
    }
  }
}
