package io.keyrotation.operator.principal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.api.principal.ApplicationRef;
import io.keyrotation.operator.api.principal.RotationTargets;
import io.keyrotation.operator.api.principal.SecretRotationProgress;
import io.keyrotation.operator.api.principal.SecretRotationStep;
import io.keyrotation.operator.api.principal.SecretVerification;
import io.keyrotation.operator.api.principal.ServicePrincipalRotationSpec;
import io.keyrotation.operator.api.principal.ServicePrincipalRotationStatus;
import io.keyrotation.operator.api.principal.ServicePrincipalRotationStatus.ClientSecretInfo;
import io.keyrotation.operator.graph.PasswordCredential;
import io.keyrotation.operator.principal.SecretRotationPlan.Action;
import io.keyrotation.operator.principal.SecretRotationPlanner.Observation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The planner's decisions, table by table, at a fixed clock. */
class SecretRotationPlannerTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
  static final Instant NOW = CLOCK.instant();
  static final String OLD_KEY = "11111111-0000-4000-8000-000000000001";
  static final String OTHER_KEY = "11111111-0000-4000-8000-000000000002";

  final SecretRotationPlanner planner = new SecretRotationPlanner();

  static ServicePrincipalRotationSpec spec(boolean suspend, String currentKeyId) {
    return new ServicePrincipalRotationSpec("7a1b2c3d-0000-4000-8000-000000000001",
        new ApplicationRef("e5f6a7b8-0000-4000-8000-000000000002", null, currentKeyId), "P30D", "P365D", "P7D", null,
        new RotationTargets(List.of(), List.of(new RotationTargets.KubernetesSecretTarget("ekm", null, null))), null, suspend,
        new SecretVerification("https://kv.vault.azure.net", "tde"), null);
  }

  static PasswordCredential credential(String keyId, String hint, Instant end) {
    return new PasswordCredential(keyId, null, hint, end.minusSeconds(365L * 86400), end);
  }

  static ServicePrincipalRotationStatus adopted(Instant end, String lastTrigger) {
    return new ServicePrincipalRotationStatus(1L, List.of(), new ClientSecretInfo(OLD_KEY, "abc", null, null, end.toString()),
        null, null, null, null, lastTrigger);
  }

  static Observation seen(List<PasswordCredential> credentials, String heldHint, String trigger) {
    return new Observation(credentials, Optional.ofNullable(heldHint), Optional.ofNullable(trigger));
  }

  static Stream<Arguments> adoptedSecret() {
    Instant farEnd = NOW.plus(java.time.Duration.ofDays(200));
    Instant nearEnd = NOW.plus(java.time.Duration.ofDays(10));
    Instant pastEnd = NOW.minus(java.time.Duration.ofDays(1));
    return Stream.of(
        Arguments.of("far from expiry: wait for end minus rotateBefore", false, farEnd, null, null, Action.WAIT, "UpToDate", false),
        Arguments.of("within rotateBefore of expiry: rotate", false, nearEnd, null, null, Action.START_ROTATION, "Due", false),
        Arguments.of("exactly at nextRotationTime: rotate", false, NOW.plus(java.time.Duration.ofDays(30)), null, null,
            Action.START_ROTATION, "Due", false),
        Arguments.of("expired: rotate at once, degraded", false, pastEnd, null, null, Action.START_ROTATION, "Expired", true),
        Arguments.of("new manual trigger far from expiry: rotate", false, farEnd, null, "t1", Action.START_ROTATION, "Manual", false),
        Arguments.of("manual trigger already handled: wait", false, farEnd, "t1", "t1", Action.WAIT, "UpToDate", false),
        Arguments.of("suspended and due: no rotation", true, nearEnd, null, null, Action.SUSPENDED, "Suspended", false),
        Arguments.of("suspended with a manual trigger: no rotation", true, farEnd, null, "t2", Action.SUSPENDED, "Suspended", false),
        Arguments.of("suspended and expired: no rotation, but said", true, pastEnd, null, null, Action.SUSPENDED, "Suspended", true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adoptedSecret")
  void decidesFromTheCurrentSecret(String name, boolean suspend, Instant end, String handledTrigger, String trigger,
                                   Action action, String reason, boolean expired) {
    SecretRotationPlan plan = planner.plan(spec(suspend, null), adopted(end, handledTrigger),
        seen(List.of(credential(OLD_KEY, "abc", end)), "abc", trigger), NOW);
    assertThat(plan.action()).as(name).isEqualTo(action);
    assertThat(plan.reason()).as(name).isEqualTo(reason);
    assertThat(plan.currentExpired()).as(name).isEqualTo(expired);
  }

  @Test
  void waitsUntilEndMinusRotateBefore() {
    Instant end = Instant.parse("2027-06-01T00:00:00Z");
    SecretRotationPlan plan = planner.plan(spec(false, null), adopted(end, null), seen(List.of(credential(OLD_KEY, "abc", end)), null, null), NOW);
    assertThat(plan.wakeAt()).contains(Instant.parse("2027-05-02T00:00:00Z"));
  }

  @Test
  void rotatesAtOnceWhenTheCurrentSecretWasRemovedElsewhere() {
    Instant end = NOW.plus(java.time.Duration.ofDays(200));
    SecretRotationPlan plan = planner.plan(spec(false, null), adopted(end, null), seen(List.of(credential(OTHER_KEY, "xyz", end)), null, null), NOW);
    assertThat(plan.action()).isEqualTo(Action.START_ROTATION);
    assertThat(plan.reason()).isEqualTo("CurrentSecretGone");
    assertThat(plan.currentExpired()).isTrue();
  }

  static Stream<Arguments> adoption() {
    Instant end = NOW.plus(java.time.Duration.ofDays(200));
    PasswordCredential old = credential(OLD_KEY, "abc", end);
    PasswordCredential other = credential(OTHER_KEY, "xyz", end);
    PasswordCredential sameHint = credential(OTHER_KEY, "abc", end);
    return Stream.of(
        Arguments.of("hint of the Secret target matches one credential", null, List.of(old, other), "abc", null, Action.ADOPT, OLD_KEY),
        Arguments.of("configured key id wins over the hint", OTHER_KEY, List.of(old, other), "abc", null, Action.ADOPT, OTHER_KEY),
        Arguments.of("configured key id not on the application", "11111111-0000-4000-8000-00000000000f", List.of(old), "abc", null,
            Action.CANNOT_ADOPT, null),
        Arguments.of("no hint matches", null, List.of(other), "abc", null, Action.CANNOT_ADOPT, null),
        Arguments.of("two credentials share the hint", null, List.of(old, sameHint), "abc", null, Action.CANNOT_ADOPT, null),
        Arguments.of("nothing readable in the targets", null, List.of(old), null, null, Action.CANNOT_ADOPT, null),
        Arguments.of("unmatched, manual trigger: rotate", null, List.of(other), "abc", "now", Action.START_ROTATION, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adoption")
  void adoptsTheCredentialTheTargetsHold(String name, String configuredKeyId, List<PasswordCredential> credentials, String hint,
                                         String trigger, Action action, String adoptedKeyId) {
    SecretRotationPlan plan = planner.plan(spec(false, configuredKeyId), ServicePrincipalRotationStatus.empty(),
        seen(credentials, hint, trigger), NOW);
    assertThat(plan.action()).as(name).isEqualTo(action);
    assertThat(plan.adopt().map(PasswordCredential::keyId).orElse(null)).as(name).isEqualTo(adoptedKeyId);
  }

  @Test
  void unmatchedAndSuspendedWaitsEvenWhenTriggered() {
    SecretRotationPlan plan = planner.plan(spec(true, null), ServicePrincipalRotationStatus.empty(), seen(List.of(), "abc", "now"), NOW);
    assertThat(plan.action()).isEqualTo(Action.CANNOT_ADOPT);
  }

  static ServicePrincipalRotationStatus inProgress(SecretRotationStep step, String removeOldAfter, String nextAttempt) {
    SecretRotationProgress rotation = new SecretRotationProgress("r1", "Due", step, NOW.toString(), null, List.of(), removeOldAfter, 0,
        nextAttempt);
    return new ServicePrincipalRotationStatus(1L, List.of(), null, null, null, null, rotation, null);
  }

  static Stream<Arguments> rotationInProgress() {
    String later = NOW.plusSeconds(3600).toString();
    String earlier = NOW.minusSeconds(1).toString();
    return Stream.of(
        Arguments.of("a running step continues", SecretRotationStep.UpdateTargets, null, null, Action.RUN_STEP, SecretRotationStep.UpdateTargets),
        Arguments.of("backoff not over: wait", SecretRotationStep.VerifyNewSecret, null, later, Action.WAIT, null),
        Arguments.of("backoff over: retry the step", SecretRotationStep.VerifyNewSecret, null, earlier, Action.RUN_STEP,
            SecretRotationStep.VerifyNewSecret),
        Arguments.of("grace period not over: wait", SecretRotationStep.GracePeriod, later, null, Action.WAIT, null),
        Arguments.of("grace period over: remove the old password", SecretRotationStep.GracePeriod, earlier, null, Action.RUN_STEP,
            SecretRotationStep.RemoveOldPassword));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rotationInProgress")
  void continuesARotationInProgressEvenWhenSuspended(String name, SecretRotationStep step, String removeOldAfter, String nextAttempt,
                                                     Action action, SecretRotationStep expectedStep) {
    for (boolean suspend : new boolean[] {false, true}) {
      SecretRotationPlan plan = planner.plan(spec(suspend, null), inProgress(step, removeOldAfter, nextAttempt), seen(List.of(), null, null), NOW);
      assertThat(plan.action()).as(name).isEqualTo(action);
      assertThat(plan.step()).as(name).isEqualTo(expectedStep);
    }
  }
}
