package io.keyrotation.operator.principal;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyrotation.operator.api.principal.SecretRotationStep;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.api.principal.ServicePrincipalRotationSpec;
import io.keyrotation.operator.config.CredentialsResolver;
import io.keyrotation.operator.config.SecretReader;
import io.keyrotation.operator.graph.GraphGateway;
import io.keyrotation.operator.graph.GraphException;
import io.keyrotation.operator.graph.PasswordCredential;
import io.keyrotation.operator.principal.SecretRotationPlanner.Observation;
import io.keyrotation.operator.principal.SecretRotationSteps.Next;
import io.keyrotation.operator.principal.SecretRotationSteps.StepFailure;
import io.keyrotation.operator.schedule.RetryBackoff;
import io.keyrotation.operator.status.ConditionSet;
import io.keyrotation.operator.status.ConditionSet.Status;
import io.keyrotation.operator.status.GatewayException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One reconcile of a valid ServicePrincipalRotation: observe (Graph, the first Secret target),
 * plan, run at most one step, and record the outcome and conditions in the status builder.
 */
final class SecretRotationWorkflow {
  static final String ROTATE_NOW = "keyrotation.io/rotate-now";

  private final SecretRotationServices services;
  private final Clock clock;
  private final CredentialsResolver credentials;
  private final SecretTargets secretTargets;
  private final SecretReferences references;
  private final SecretRotationSteps steps;
  private final SecretRotationPlanner planner = new SecretRotationPlanner();

  SecretRotationWorkflow(SecretRotationServices services, KubernetesClient client, Clock clock) {
    this.services = services;
    this.clock = clock;
    this.credentials = new CredentialsResolver(new SecretReader(client));
    this.secretTargets = new SecretTargets(client);
    this.references = new SecretReferences(client, credentials);
    this.steps = new SecretRotationSteps(new StagingSecret(client), secretTargets,
        new SqlCredentialTargets(services.sqlServers(), credentials), new TdeCredentialTargets(client), services.verifier(),
        services.restartPoll());
  }

  Next run(ServicePrincipalRotation resource, ServicePrincipalRotationStatusBuilder status) {
    Instant now = clock.instant();
    ConditionSet conditions = status.conditions();
    ServicePrincipalRotationSpec spec = resource.getSpec();
    try {
      GraphGateway graph = services.graphs().gatewayFor(credentials.azureIdentity(resource.getMetadata().getNamespace(), spec.graphCredentials()));
      if (status.rotation() == null) {
        // Before a rotation starts only: during one, a target that goes missing fails alone and the others proceed.
        references.requirePresent(resource.getMetadata().getNamespace(), spec.targets());
      }
      SecretRotationPlan plan = planner.plan(spec, status.build(), observe(resource, status, graph), now);
      return act(plan, resource, graph, status, now);
    } catch (StepFailure failure) {
      conditions.set(ConditionSet.READY, Status.False, failure.reason(), failure.getMessage())
          .set(ConditionSet.PROGRESSING, status.rotation() != null ? Status.True : Status.False, failure.reason(), failure.getMessage());
      degraded(conditions, failure.reason(), failure.getMessage(), !failure.reason().equals("AwaitingRestart"));
      return failure.next();
    } catch (GatewayException e) {
      String reason = e.reason().name();
      Instant retryAt = retryAt(e, status, now);
      conditions.set(ConditionSet.READY, Status.False, reason, e.getMessage());
      degraded(conditions, reason, e.getMessage() + (retryAt == null ? " Waiting for a change of the spec or its Secrets." : ""), true);
      return retryAt == null ? Next.waitForChange() : Next.at(retryAt);
    }
  }

  private Observation observe(ServicePrincipalRotation resource, ServicePrincipalRotationStatusBuilder status, GraphGateway graph) {
    Optional<String> trigger = Optional.ofNullable(resource.getMetadata().getAnnotations()).map(a -> a.get(ROTATE_NOW));
    if (status.rotation() != null) {
      // A trigger set during a rotation is answered by that rotation (it also re-runs a stopped step).
      trigger.ifPresent(status::lastManualTrigger);
      return new Observation(List.of(), Optional.empty(), trigger);
    }
    ServicePrincipalRotationSpec spec = resource.getSpec();
    List<PasswordCredential> listed = graph.passwordCredentials(spec.application().clientId());
    Optional<String> hint = status.currentSecret() != null || spec.targets().kubernetesSecrets().isEmpty() ? Optional.empty()
        : secretTargets.heldHint(resource.getMetadata().getNamespace(), spec.targets().kubernetesSecrets().get(0), spec.application().clientId());
    return new Observation(listed, hint, trigger);
  }

  private Next act(SecretRotationPlan plan, ServicePrincipalRotation resource, GraphGateway graph,
                   ServicePrincipalRotationStatusBuilder status, Instant now) {
    ConditionSet conditions = status.conditions();
    ServicePrincipalRotationSpec spec = resource.getSpec();
    switch (plan.action()) {
      case ADOPT -> {
        PasswordCredential adopted = plan.adopt().orElseThrow();
        status.currentSecret(ServicePrincipalRotationStatusBuilder.info(adopted))
            .nextRotationTime(SecretRotationPlanner.nextRotationTime(spec, adopted.endDateTime()));
        conditions.set(ConditionSet.READY, Status.True, plan.reason(), plan.message());
        idle(conditions, plan.reason());
        return Next.now();
      }
      case CANNOT_ADOPT -> {
        conditions.set(ConditionSet.READY, Status.False, plan.reason(), plan.message());
        idle(conditions, plan.reason());
        return Next.waitForChange();
      }
      case WAIT -> {
        if (status.rotation() == null) {
          conditions.set(ConditionSet.READY, Status.True, plan.reason(), plan.message());
          idle(conditions, plan.reason());
        } else if (status.rotation().step() == SecretRotationStep.GracePeriod) {
          // Every target holds the new secret: only the old one's removal is pending.
          conditions.set(ConditionSet.READY, Status.True, plan.reason(), plan.message());
          conditions.set(ConditionSet.PROGRESSING, Status.True, plan.reason(), plan.message());
          degraded(conditions, plan.reason(), "No failure.", false);
        }
        // In a backoff the failure's conditions stay as they are.
        return Next.at(plan.wakeAt().orElseThrow());
      }
      case SUSPENDED -> {
        conditions.set(ConditionSet.READY, plan.currentExpired() ? Status.False : Status.True, plan.reason(), plan.message());
        conditions.set(ConditionSet.PROGRESSING, Status.False, plan.reason(), plan.message());
        degraded(conditions, plan.currentExpired() ? "Expired" : plan.reason(), plan.currentExpired()
            ? "The current secret has expired and spec.suspend is true: the connector may already be failing." : "No failure.",
            plan.currentExpired());
        return Next.waitForChange();
      }
      case START_ROTATION -> {
        String rotationId = now.toString().replaceAll("[^0-9]", "").substring(0, 14) + "-" + UUID.randomUUID().toString().substring(0, 8);
        status.previousSecret(status.currentSecret()).rotation(RotationProgress.started(rotationId, plan.reason(), now));
        resourceTrigger(resource).ifPresent(status::lastManualTrigger);
        conditions.set(ConditionSet.PROGRESSING, Status.True, plan.reason(), plan.message() + " Rotation " + rotationId + " started.");
        conditions.set(ConditionSet.READY, Status.False, "Rotating", "Rotation " + rotationId + " in progress.");
        degraded(conditions, plan.reason(), plan.currentExpired() ? plan.message() : "No failure.", plan.currentExpired());
        return Next.now();
      }
      default -> {
        return runStep(plan.step(), resource, graph, status, now);
      }
    }
  }

  private Next runStep(SecretRotationStep step, ServicePrincipalRotation resource, GraphGateway graph,
                       ServicePrincipalRotationStatusBuilder status, Instant now) {
    SecretRotationSteps.RetryPolicy retry = this::nextAttempt;
    Next next = switch (step) {
      case AddPassword, SaveSecret -> steps.addPassword(resource, graph, status, now);
      case VerifyNewSecret -> steps.verify(resource, status, now, retry);
      case UpdateTargets -> steps.updateTargets(resource, graph, status, now, retry);
      case AwaitRestart -> steps.awaitRestart(resource, status, now);
      case GracePeriod, RemoveOldPassword -> steps.removeOldPassword(resource, graph, status, now);
    };
    ConditionSet conditions = status.conditions();
    if (status.rotation() == null) {
      conditions.set(ConditionSet.READY, Status.True, "Rotated", "The client secret was rotated; the old one was removed.");
      idle(conditions, "Rotated");
    } else {
      String message = "Rotation " + status.rotation().rotationId() + ": step " + status.rotation().step() + ".";
      conditions.set(ConditionSet.PROGRESSING, Status.True, status.rotation().step().name(), message);
      conditions.set(ConditionSet.READY, Status.False, "Rotating", message);
      degraded(conditions, status.rotation().step().name(), "No failure.", false);
    }
    return next;
  }

  private Instant retryAt(GatewayException e, ServicePrincipalRotationStatusBuilder status, Instant now) {
    if (RetryBackoff.waitsForChange(e.reason())) {
      return null;
    }
    Instant at = nextAttempt(e.reason(), status.rotation() == null ? 1 : RotationProgress.attempts(status.rotation()) + 1, now);
    if (e instanceof GraphException graphError && graphError.retryAfter().isPresent()) {
      Instant asked = now.plus(graphError.retryAfter().get());
      at = asked.isAfter(at) ? asked : at;
    }
    if (status.rotation() != null) {
      status.rotation(RotationProgress.failed(status.rotation(), at));
    }
    return at;
  }

  private Instant nextAttempt(io.keyrotation.operator.status.FailureReason reason, int attempts, Instant now) {
    return services.retry().next(reason, attempts, now);
  }

  private static Optional<String> resourceTrigger(ServicePrincipalRotation resource) {
    return Optional.ofNullable(resource.getMetadata().getAnnotations()).map(a -> a.get(ROTATE_NOW));
  }

  private static void idle(ConditionSet conditions, String reason) {
    conditions.set(ConditionSet.PROGRESSING, Status.False, reason, "No rotation is running.");
    degraded(conditions, reason, "No failure.", false);
  }

  private static void degraded(ConditionSet conditions, String reason, String message, boolean degraded) {
    conditions.set(ConditionSet.DEGRADED, degraded ? Status.True : Status.False, reason, message);
  }
}
