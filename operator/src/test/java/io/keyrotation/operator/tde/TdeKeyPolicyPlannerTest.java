package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.api.common.MaintenanceWindow;
import io.keyrotation.operator.api.common.VaultRef;
import io.keyrotation.operator.api.tde.KeyRotationProgress;
import io.keyrotation.operator.api.tde.KeyRotationProgress.RotationTrigger;
import io.keyrotation.operator.api.tde.ProtectorKey;
import io.keyrotation.operator.api.tde.RotationSpec;
import io.keyrotation.operator.api.tde.RotationStep;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.operator.api.tde.TdeKeyPolicyStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The planner as a table: (spec, status, annotation, overlap, now) -> decision, with a fixed clock. */
class TdeKeyPolicyPlannerTest {
  static final String VAULT = "https://contoso-tde.vault.azure.net";
  static final Instant NOW = Instant.parse("2026-06-15T10:00:00Z");
  static final String YEAR_AGO_PLUS_DAY = "2025-06-16T10:00:00Z";
  static final String YEAR_AGO_MINUS_DAY = "2025-06-14T10:00:00Z";
  /** Sundays 01:00-05:00 UTC; 2026-06-15 is a Monday. */
  static final MaintenanceWindow SUNDAY_NIGHT = new MaintenanceWindow("0 1 * * 0", "PT4H", "UTC");
  static final MaintenanceWindow OPEN_NOW = new MaintenanceWindow("0 9 * * *", "PT4H", "UTC");

  record Case(String name, TdeKeyPolicySpec spec, TdeKeyPolicyStatus status, long generation, String rotateNow,
      Optional<String> overlap, Decision expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> cases() {
    TdeKeyPolicySpec plain = spec(false, null, "P365D");
    return Stream.of(
        c("first reconcile adopts", plain, TdeKeyPolicyStatus.empty(), null, new Decision.Adopt()),
        c("adopted, nothing protected yet: initial rotation", plain, adopted(null), null,
            new Decision.StartRotation(RotationTrigger.Initial, null)),
        c("interval not elapsed: idle until creation + interval", plain, adopted(key(YEAR_AGO_PLUS_DAY, null)), null,
            new Decision.Idle(Optional.of(Instant.parse("2026-06-16T10:00:00Z")), false)),
        c("interval elapsed: scheduled rotation", plain, adopted(key(YEAR_AGO_MINUS_DAY, null)), null,
            new Decision.StartRotation(RotationTrigger.Schedule, null)),
        c("key age unknown: one interval after adoption", plain, adoptedAt(key(null, null), "2026-01-01T00:00:00Z"), null,
            new Decision.Idle(Optional.of(Instant.parse("2027-01-01T00:00:00Z")), false)),
        c("new rotate-now value: manual rotation", plain, adopted(key(YEAR_AGO_PLUS_DAY, null)), "2026-06-15",
            new Decision.StartRotation(RotationTrigger.Manual, "2026-06-15")),
        c("rotate-now value already handled: idle", plain, handled(adopted(key(YEAR_AGO_PLUS_DAY, null)), "2026-06-15"),
            "2026-06-15", new Decision.Idle(Optional.of(Instant.parse("2026-06-16T10:00:00Z")), false)),
        c("key expires within an interval: expiry rotation", plain,
            adopted(key("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z")), null,
            new Decision.StartRotation(RotationTrigger.KeyExpiry, null)),
        c("expiry further than an interval: idle until expiry - interval", plain,
            adopted(key("2026-06-01T00:00:00Z", "2027-07-01T00:00:00Z")), null,
            new Decision.Idle(Optional.of(Instant.parse("2026-07-01T00:00:00Z")), false)),
        c("suspended: no scheduled rotation", spec(true, null, "P365D"), adopted(key(YEAR_AGO_MINUS_DAY, null)), null,
            new Decision.Idle(Optional.empty(), true)),
        c("suspended: no manual rotation either", spec(true, null, "P365D"), adopted(key(YEAR_AGO_PLUS_DAY, null)), "x",
            new Decision.Idle(Optional.empty(), true)),
        c("suspended: a running rotation finishes", spec(true, null, "P365D"), rotating(RotationStep.VerifyThumbprints, null, null),
            null, new Decision.RunStep(RotationStep.VerifyThumbprints)),
        c("window closed: vault key is still created", spec(false, SUNDAY_NIGHT, "P365D"),
            rotating(RotationStep.CreateVaultKey, null, null), null, new Decision.RunStep(RotationStep.CreateVaultKey)),
        c("window closed: registration waits for it", spec(false, SUNDAY_NIGHT, "P365D"),
            rotating(RotationStep.RegisterOnInstances, null, null), null,
            new Decision.Wait(Instant.parse("2026-06-21T01:00:00Z"), Decision.WaitReason.MaintenanceWindow)),
        c("window closed: re-encryption waits for it", spec(false, SUNDAY_NIGHT, "P365D"),
            rotating(RotationStep.ReencryptDatabases, null, null), null,
            new Decision.Wait(Instant.parse("2026-06-21T01:00:00Z"), Decision.WaitReason.MaintenanceWindow)),
        c("window open: re-encryption runs", spec(false, OPEN_NOW, "P365D"), rotating(RotationStep.ReencryptDatabases, null, null),
            null, new Decision.RunStep(RotationStep.ReencryptDatabases)),
        c("after a retryable failure: waits for the backoff", plain,
            rotating(RotationStep.CreateVaultKey, "Throttled", "2026-06-15T10:00:30Z"), null,
            new Decision.Wait(Instant.parse("2026-06-15T10:00:30Z"), Decision.WaitReason.Backoff)),
        c("backoff over: retried", plain, rotating(RotationStep.CreateVaultKey, "Throttled", "2026-06-15T09:59:00Z"), null,
            new Decision.RunStep(RotationStep.CreateVaultKey)),
        c("forbidden: waits for a change, not a fast retry", plain,
            rotating(RotationStep.CreateVaultKey, "Forbidden", "2026-06-15T11:00:00Z"), null,
            new Decision.Wait(Instant.parse("2026-06-15T11:00:00Z"), Decision.WaitReason.ChangeOfSpecOrSecret)),
        new Case("forbidden, then the spec changed: retried at once", plain,
            rotating(RotationStep.CreateVaultKey, "Forbidden", "2026-06-15T11:00:00Z"), 2, null, Optional.empty(),
            new Decision.RunStep(RotationStep.CreateVaultKey)),
        new Case("spec.vault names another vault: failover", new TdeKeyPolicySpec(new VaultRef(
            "https://contoso-standby.vault.azure.net", null, null), null, RotationSpec.defaults(), null, null, null, false),
            adopted(key(YEAR_AGO_PLUS_DAY, null)), 1, null, Optional.empty(), new Decision.FailOver()),
        new Case("same vault with a trailing slash: no failover", new TdeKeyPolicySpec(new VaultRef(VAULT + "/", null, null), null,
            RotationSpec.defaults(), null, null, null, false), adopted(key(YEAR_AGO_PLUS_DAY, null)), 1, null, Optional.empty(),
            new Decision.Idle(Optional.of(Instant.parse("2026-06-16T10:00:00Z")), false)),
        new Case("overlapping an older policy: refused", plain, TdeKeyPolicyStatus.empty(), 1, null,
            Optional.of("tde/first"), new Decision.RefuseOverlap("tde/first")))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(Case c) {
    Decision decision = new TdeKeyPolicyPlanner().plan(
        new PlannerInput(c.spec(), c.status(), c.generation(), c.rotateNow(), c.overlap(), NOW));
    assertThat(decision).isEqualTo(c.expected());
  }

  @Test
  void afterForbiddenKeepsWaitingWhileTheReferencedSecretsAreUnchanged() {
    Decision decision = new TdeKeyPolicyPlanner().plan(forbiddenWith("ekm@7,login@3", "ekm@7,login@3"));
    assertThat(decision).isEqualTo(new Decision.Wait(Instant.parse("2026-06-15T11:00:00Z"), Decision.WaitReason.ChangeOfSpecOrSecret));
  }

  @Test
  void afterForbiddenRetriesAtOnceWhenAReferencedSecretChanged() {
    Decision decision = new TdeKeyPolicyPlanner().plan(forbiddenWith("ekm@7,login@3", "ekm@8,login@3"));
    assertThat(decision).isEqualTo(new Decision.RunStep(RotationStep.CreateVaultKey));
  }

  @Test
  void aChangedSecretDoesNotShortenABackoff() {
    KeyRotationProgress throttled = rotating(RotationStep.CreateVaultKey, null, null).rotation()
        .withFailure("Throttled", 1, "2026-06-15T10:00:30Z", 1L, "ekm@7");
    Decision decision = new TdeKeyPolicyPlanner().plan(new PlannerInput(spec(false, null, "P365D"), withRotation(throttled), 1, null,
        Optional.empty(), NOW, "ekm@8"));
    assertThat(decision).isEqualTo(new Decision.Wait(Instant.parse("2026-06-15T10:00:30Z"), Decision.WaitReason.Backoff));
  }

  private static PlannerInput forbiddenWith(String recorded, String now) {
    KeyRotationProgress forbidden = rotating(RotationStep.CreateVaultKey, null, null).rotation()
        .withFailure("Forbidden", 1, "2026-06-15T11:00:00Z", 1L, recorded);
    return new PlannerInput(spec(false, null, "P365D"), withRotation(forbidden), 1, null, Optional.empty(), NOW, now);
  }

  private static TdeKeyPolicyStatus withRotation(KeyRotationProgress progress) {
    TdeKeyPolicyStatus s = rotating(RotationStep.CreateVaultKey, null, null);
    return new TdeKeyPolicyStatus(1L, List.of(), s.activeKey(), null, null, null, progress, null, s.adoptedTime(), VAULT, null);
  }

  private static Case c(String name, TdeKeyPolicySpec spec, TdeKeyPolicyStatus status, String rotateNow, Decision expected) {
    return new Case(name, spec, status, 1, rotateNow, Optional.empty(), expected);
  }

  static TdeKeyPolicySpec spec(boolean suspend, MaintenanceWindow window, String interval) {
    return new TdeKeyPolicySpec(new VaultRef(VAULT, null, null), null, new RotationSpec(interval, window), null, null, null, suspend);
  }

  static ProtectorKey key(String created, String expires) {
    return new ProtectorKey("k", null, "TDE_KEY_k", null, null, "AB", created, null, expires, null, null, null);
  }

  static TdeKeyPolicyStatus adopted(ProtectorKey key) {
    return adoptedAt(key, "2026-06-01T00:00:00Z");
  }

  static TdeKeyPolicyStatus adoptedAt(ProtectorKey key, String at) {
    return new TdeKeyPolicyStatus(1L, List.of(), key, null, null, null, null, null, at, VAULT, null);
  }

  static TdeKeyPolicyStatus handled(TdeKeyPolicyStatus s, String trigger) {
    return new TdeKeyPolicyStatus(1L, List.of(), s.activeKey(), null, null, null, null, trigger, s.adoptedTime(), VAULT, null);
  }

  static TdeKeyPolicyStatus rotating(RotationStep step, String failure, String retryAt) {
    KeyRotationProgress progress = new KeyRotationProgress("k2", null, step, RotationTrigger.Manual, "2026-06-15T09:00:00Z",
        List.of(), List.of(), failure == null ? null : 1, retryAt, null, null, null, null, failure, failure == null ? null : 1L,
        null, null, null);
    return new TdeKeyPolicyStatus(1L, List.of(), key(YEAR_AGO_PLUS_DAY, null), null, null, null, progress, null,
        "2026-06-01T00:00:00Z", VAULT, null);
  }
}
