package io.keyrotation.operator.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.CustomResource;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.common.ResourceStatus;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.testing.Examples;
import io.keyrotation.operator.testing.OperatorHarness;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Manifests applied as a user would, the operator running as deployed, and the status a user reads. */
class ReconcilersWriteStatusTest {
  static final String NS = "tde-demo";
  static final Duration PATIENCE = Duration.ofSeconds(30);
  static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start();
    harness.applyExamples();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void theBackupScheduleExampleWaitsForItsFirstRunWithItsNextTimeAndTouchesNothing() {
    VaultBackupSchedule schedule = awaitReady(VaultBackupSchedule.class, "tde-keys-nightly", "Unknown");

    assertThat(ready(schedule).getReason()).isEqualTo("AwaitingFirstRun");
    assertThat(schedule.getStatus().nextScheduleTime()).isNotNull();
    assertThat(schedule.getStatus().activeRun()).isNull();
    assertThat(schedule.getStatus().observedGeneration()).isEqualTo(schedule.getMetadata().getGeneration());
  }

  @Test
  void theSecretRotationExampleRunsAndSaysWhyItCannotSignInHere() {
    // No Azure identity exists in the test JVM: the workflow runs, reaches for Graph and says so.
    ServicePrincipalRotation resource = awaitReady(ServicePrincipalRotation.class, onlyNameOf(ServicePrincipalRotation.class), "False");
    Condition ready = ready(resource);
    assertThat(ready.getReason()).isIn("Unauthenticated", "Unavailable");
    assertThat(ready.getMessage()).contains("Microsoft Graph");
    assertThat(resource.getStatus().observedGeneration()).isEqualTo(resource.getMetadata().getGeneration());
    assertThat(resource.getStatus().conditions()).extracting(Condition::getType).contains("Ready", "Degraded");
  }

  @Test
  void theTdeExampleRunsItsWorkflowAndSaysWhichInstanceItCannotReach() {
    TdeKeyPolicy policy = awaitReady(TdeKeyPolicy.class, "sales-db", "False");
    Condition ready = ready(policy);
    assertThat(ready.getReason()).isIn("Unavailable", "NotFound");
    assertThat(ready.getMessage()).contains("sql-0");
    assertThat(policy.getStatus().conditions()).filteredOn(c -> c.getType().equals("Degraded")).singleElement()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(policy.getStatus().observedGeneration()).isEqualTo(policy.getMetadata().getGeneration());
  }

  @Test
  void invalidSpecIsReportedWithWhatToFixAndAWarningEventThenClearsWhenFixed() {
    VaultBackupSchedule bad = Examples.edited("vaultbackupschedule.yaml", VaultBackupSchedule.class,
        "region: northeurope", "region: eastus");
    bad.getMetadata().setName("crosses-geographies");
    harness.user().resource(bad).create();

    VaultBackupSchedule refused = awaitReady(VaultBackupSchedule.class, "crosses-geographies", "False");
    Condition ready = ready(refused);
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage()).contains("spec.standbyVaults[0].region").contains("geography UnitedStates");
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventsAbout("crosses-geographies"))
        .anySatisfy(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getReason()).isEqualTo("InvalidSpec");
          assertThat(e.getMessage()).contains("geography");
        }));

    // Transition times are whole seconds: edit in a later second than the refusal's, so that a kept time shows.
    Instant refusedAt = Instant.parse(ready.getLastTransitionTime());
    await().atMost(PATIENCE).until(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(refusedAt));
    harness.user().resources(VaultBackupSchedule.class).inNamespace(NS).withName("crosses-geographies")
        .edit(ReconcilersWriteStatusTest::withStandbyRegion);
    VaultBackupSchedule fixed = await().atMost(PATIENCE).until(
        () -> get(VaultBackupSchedule.class, "crosses-geographies"),
        s -> s.getStatus() != null && s.getStatus().observedGeneration() == 2L && "Unknown".equals(ready(s).getStatus()));
    assertThat(Instant.parse(ready(fixed).getLastTransitionTime())).isAfter(refusedAt);
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventsAbout("crosses-geographies"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("AwaitingFirstRun")));
  }

  /** Used to throw out of the validator (year overflow): no condition at all, and JOSDK retrying. */
  @Test
  void aDurationTooLargeForAnyDateIsReportedAsInvalidSpec() {
    TdeKeyPolicy huge = Examples.edited("tdekeypolicy.yaml", TdeKeyPolicy.class, "interval: P365D", "interval: P999999999Y");
    huge.getMetadata().setName("huge-interval");
    harness.user().resource(huge).create();

    Condition ready = ready(awaitReady(TdeKeyPolicy.class, "huge-interval", "False"));

    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage()).contains("spec.rotation.interval: 'P999999999Y' is longer than 100 years");
  }

  @Test
  void statusNeverCarriesTheSecretsTheExamplesReference() {
    var policy = awaitReady(TdeKeyPolicy.class, "sales-db", "False");
    String status = io.fabric8.kubernetes.client.utils.Serialization.asJson(policy.getStatus());
    assertThat(status).doesNotContain("change-me").doesNotContain("password");
  }

  private static VaultBackupSchedule withStandbyRegion(VaultBackupSchedule s) {
    var fixed = Examples.load("vaultbackupschedule.yaml", VaultBackupSchedule.class);
    s.setSpec(fixed.getSpec());
    return s;
  }

  private static String onlyNameOf(Class<?> kind) {
    return kind == TdeKeyPolicy.class ? "sales-db" : kind == VaultBackupSchedule.class ? "tde-keys-nightly" : "ekm-connector";
  }

  private static <R extends CustomResource<?, ? extends ResourceStatus>> R awaitReady(Class<R> kind, String name, String readyStatus) {
    return await().atMost(PATIENCE).until(() -> get(kind, name),
        r -> r != null && r.getStatus() != null && ready(r) != null && readyStatus.equals(ready(r).getStatus()));
  }

  private static <R extends CustomResource<?, ?>> R get(Class<R> kind, String name) {
    return harness.user().resources(kind).inNamespace(NS).withName(name).get();
  }

  private static Condition ready(CustomResource<?, ? extends ResourceStatus> resource) {
    return resource.getStatus().conditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElse(null);
  }

  private static List<Event> eventsAbout(String name) {
    return harness.user().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }
}
