package io.keyrotation.operator.tde;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.keyrotation.operator.KubernetesClients;
import io.keyrotation.operator.PruningStore;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.tde.RotationStep;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.keyrotation.operator.schedule.DueTimeEventSource;
import io.keyrotation.operator.schedule.RetryBackoff;
import io.keyrotation.operator.status.EventRecorder;
import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.operator.status.ReconcileErrors;
import io.keyrotation.operator.status.SpecConditions;
import io.keyrotation.operator.status.StatusWriter;
import io.keyrotation.operator.validation.SpecProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Thin orchestration: validate, plan, run the one thing planned, write status once, say when to
 * look again. Every external change happens in a step that first recorded its intent in status.
 */
@ControllerConfiguration(name = TdeKeyPolicyReconciler.NAME, generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrRotateNowChanged.class))
public class TdeKeyPolicyReconciler implements Reconciler<TdeKeyPolicy> {
  public static final String NAME = "tdekeypolicy";
  /** Between steps of a running rotation: at once, but through a fresh reconcile that sees the recorded status. */
  static final Duration NEXT_STEP = Duration.ofMillis(50);

  private final TdeKeyPolicyValidator validator = new TdeKeyPolicyValidator();
  private final TdeKeyPolicyPlanner planner = new TdeKeyPolicyPlanner();
  private final StatusWriter statusWriter;
  private final RotationActions actions;
  private final ReconcileErrors errors;
  /** Wakes a policy at its next due time (next rotation, retry, window opening). */
  private final DueTimeEventSource<TdeKeyPolicy> wakeUps = DueTimeEventSource.forController(NAME);
  private final Clock clock;
  /**
   * The Secrets of the watched namespaces: a change to one a policy references wakes that policy, which
   * then stops waiting after a failure only a person can fix (Forbidden, Unauthenticated, InvalidSpec).
   */
  private InformerEventSource<Secret, TdeKeyPolicy> secrets;

  /**
   * The VaultBackupSchedules of the watched namespaces: a change to one (a run finished) wakes the policies
   * of its namespace that wait for a backup or name it.
   */
  private InformerEventSource<VaultBackupSchedule, TdeKeyPolicy> schedules;
  private final BackupRequests backupRequests;

  public TdeKeyPolicyReconciler(StatusWriter statusWriter, EventRecorder events, PolicyGatewayResolver gateways,
      RetryBackoff backoff, Clock clock, ArchivedKeys archives, BackupRequests backupRequests) {
    this.statusWriter = statusWriter;
    this.backupRequests = backupRequests;
    this.actions = new RotationActions(gateways, events, backoff, clock, new BackupBeforeUse(archives, backupRequests));
    this.errors = new ReconcileErrors(statusWriter, backoff);
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, TdeKeyPolicy>> prepareEventSources(EventSourceContext<TdeKeyPolicy> context) {
    var config = InformerEventSourceConfiguration.from(Secret.class, TdeKeyPolicy.class)
        .withName("tdekeypolicy-secrets")
        .withNamespacesInheritedFromController()
        .withInformerListLimit(KubernetesClients.INFORMER_LIST_PAGE)
        .withItemStore(PruningStore.whereOneInformer(context, SecretMetadataStore::new))
        .withSecondaryToPrimaryMapper(secret -> referencing(secret, context))
        // The inverse, so that JOSDK keeps no index of its own per policy.
        .withPrimaryToSecondaryMapper((TdeKeyPolicy policy) -> ReferencedSecrets.names(policy.getSpec()).stream()
            .map(name -> new ResourceID(name, policy.getMetadata().getNamespace())).collect(Collectors.toSet()))
        .build();
    secrets = new InformerEventSource<>(config, context);
    var scheduleConfig = InformerEventSourceConfiguration.from(VaultBackupSchedule.class, TdeKeyPolicy.class)
        .withName("tdekeypolicy-backupschedules")
        .withNamespacesInheritedFromController()
        .withInformerListLimit(KubernetesClients.INFORMER_LIST_PAGE)
        .withItemStore(PruningStore.whereOneInformer(context, BackupBeforeUseStore::new))
        .withSecondaryToPrimaryMapper(schedule -> waitingFor(schedule, context))
        .withPrimaryToSecondaryMapper((TdeKeyPolicy policy) -> schedules.list(policy.getMetadata().getNamespace())
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build();
    schedules = new InformerEventSource<>(scheduleConfig, context);
    return List.of(wakeUps, secrets, schedules);
  }

  /** The policies of the schedule's namespace that wait for a backup, or name the schedule, from the primary cache. */
  private static Set<ResourceID> waitingFor(VaultBackupSchedule schedule, EventSourceContext<TdeKeyPolicy> context) {
    String name = schedule.getMetadata().getName();
    return context.getPrimaryCache()
        .list(schedule.getMetadata().getNamespace())
        .filter(p -> p.getSpec() != null && (name.equals(p.getSpec().backupScheduleName().orElse(null))
            || (p.getStatus() != null && p.getStatus().rotation() != null
                && p.getStatus().rotation().step() == RotationStep.AwaitBackup)))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /** The policies in the Secret's namespace that name it, from the primary cache. */
  private static Set<ResourceID> referencing(Secret secret, EventSourceContext<TdeKeyPolicy> context) {
    String namespace = secret.getMetadata().getNamespace();
    String name = secret.getMetadata().getName();
    return context.getPrimaryCache()
        .list(namespace)
        .filter(policy -> ReferencedSecrets.names(policy.getSpec()).contains(name))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  @Override
  public UpdateControl<TdeKeyPolicy> reconcile(TdeKeyPolicy policy, Context<TdeKeyPolicy> context) {
    String namespace = policy.getMetadata().getNamespace();
    String versions = secrets == null ? null : ReferencedSecrets.versions(policy.getSpec(),
        name -> secrets.get(new ResourceID(name, namespace)).map(s -> s.getMetadata().getResourceVersion()));
    List<VaultBackupSchedule> namespaceSchedules = schedules == null ? backupRequests.list(namespace)
        : schedules.list(namespace).toList();
    return reconcile(policy, context.getPrimaryCache().list().toList(), versions, namespaceSchedules);
  }

  /**
   * One reconcile, given every policy the operator knows (for the overlap check); Secret versions unknown;
   * the namespace's backup schedules read from the API server.
   */
  UpdateControl<TdeKeyPolicy> reconcile(TdeKeyPolicy policy, List<TdeKeyPolicy> allPolicies) {
    return reconcile(policy, allPolicies, null, backupRequests.list(policy.getMetadata().getNamespace()));
  }

  /**
   * @param secretVersions the referenced Secrets' versions (see {@link ReferencedSecrets}), or null when not known
   * @param namespaceSchedules the VaultBackupSchedules of the policy's namespace
   */
  UpdateControl<TdeKeyPolicy> reconcile(TdeKeyPolicy policy, List<TdeKeyPolicy> allPolicies, String secretVersions,
      List<VaultBackupSchedule> namespaceSchedules) {
    long generation = policy.getMetadata().getGeneration();
    var status = new TdeKeyPolicyStatusBuilder(policy.getStatus(), generation, clock);
    List<SpecProblem> problems = ReconcileErrors.validate(() -> validator.validate(policy.getSpec()));
    if (!problems.isEmpty()) {
      SpecConditions.invalidSpec(status.conditions(), problems);
      return statusWriter.write(policy, status.build());
    }
    Instant now = clock.instant();
    Optional<String> overlap = PolicyOverlap.olderOverlapping(policy, allPolicies);
    Decision decision = planner.plan(new PlannerInput(policy.getSpec(), policy.getStatus(), generation,
        SpecOrRotateNowChanged.rotateNow(policy), overlap, now, secretVersions));
    Optional<Instant> again;
    try {
      again = actions.act(decision, policy, status, now, namespaceSchedules);
    } catch (GatewayException e) {
      again = actions.failed(policy, status, e, now, secretVersions);
    }
    UpdateControl<TdeKeyPolicy> control = statusWriter.write(policy, status.build());
    again.ifPresent(at -> schedule(policy, control, at, now));
    return control;
  }

  private void schedule(TdeKeyPolicy policy, UpdateControl<TdeKeyPolicy> control, Instant at, Instant now) {
    Duration delay = Duration.between(now, at);
    if (delay.compareTo(NEXT_STEP) <= 0) {
      control.rescheduleAfter(NEXT_STEP);
    } else {
      wakeUps.wakeAt(ResourceID.fromResource(policy), at);
    }
  }

  /** Any other exception (a bug, an unexpected answer) becomes a condition, as for every kind. */
  @Override
  public ErrorStatusUpdateControl<TdeKeyPolicy> updateErrorStatus(TdeKeyPolicy policy, Context<TdeKeyPolicy> context, Exception e) {
    var status = new TdeKeyPolicyStatusBuilder(policy.getStatus(), policy.getMetadata().getGeneration(), clock);
    return errors.toStatus(policy, e, status.conditions(), status::build);
  }
}
