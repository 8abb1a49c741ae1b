package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyrotation.operator.testing.ApiCall;
import io.keyrotation.operator.testing.DeployedRbac;
import io.keyrotation.operator.testing.DeployedRbac.Grant;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The grant backup before use adds to deploy/'s RBAC (patch on vaultbackupschedules, to set
 * keyrotation.io/backup-now) is used under deploy/'s RBAC and needed: without it the request is refused
 * and no database is re-encrypted with the new key. The examples alone cannot show this (see
 * {@link DeployedRbac#SHOWN_BEYOND_THE_EXAMPLES}).
 */
class BackupBeforeUseRbacTest {
  static final Duration PATIENCE = Duration.ofSeconds(90);
  static final Grant PATCH_SCHEDULES = new Grant("patch", "keyrotation.io", "vaultbackupschedules", null);

  @Test
  void theGrantIsListedAsShownHere() {
    assertThat(DeployedRbac.grants()).contains(PATCH_SCHEDULES);
    assertThat(DeployedRbac.SHOWN_BEYOND_THE_EXAMPLES).containsKey(PATCH_SCHEDULES);
  }

  @Test
  void underDeployedRbacThePolicyAsksTheScheduleWithAPatch() {
    try (TdeSandbox sandbox = new TdeSandbox(1); BackupArchiveFixture archive = new BackupArchiveFixture(sandbox)) {
      archive.schedule("tde-keys");
      sandbox.apply(sandbox.policy("sales"));
      await().atMost(PATIENCE).until(() -> sandbox.get("sales"), p -> p.getStatus() != null && TdeRotationEndToEndTest.ready(p, "True"));
      sandbox.rotateNow("sales", "now");

      await().atMost(PATIENCE).until(() -> archive.backupNow("tde-keys").isPresent());

      assertThat(sandbox.harness.operatorClient().distinctCalls())
          .contains(new ApiCall("patch", "keyrotation.io", "vaultbackupschedules", TdeSandbox.NS));
      assertThat(sandbox.harness.kubernetes().refusals()).isEmpty();
    }
  }

  @Test
  void withoutTheGrantTheRequestIsRefusedAndNoDatabaseUsesTheNewKey() {
    try (TdeSandbox sandbox = new TdeSandbox(1, DeployedRbac.without(PATCH_SCHEDULES));
         BackupArchiveFixture archive = new BackupArchiveFixture(sandbox)) {
      archive.schedule("tde-keys");
      Map<String, String> before = sandbox.encryptorThumbprints(0);
      sandbox.apply(sandbox.policy("sales"));
      await().atMost(PATIENCE).until(() -> sandbox.get("sales"), p -> p.getStatus() != null && TdeRotationEndToEndTest.ready(p, "True"));
      sandbox.rotateNow("sales", "now");

      await().atMost(PATIENCE).until(() -> sandbox.harness.kubernetes().refusals().stream()
          .anyMatch(r -> r.request().verb().equals("patch") && r.request().resourceWithSubresource().equals("vaultbackupschedules")));

      assertThat(archive.backupNow("tde-keys")).isEmpty();
      assertThat(sandbox.get("sales").getStatus().rotation().step()).isEqualTo(io.keyrotation.operator.api.tde.RotationStep.AwaitBackup);
      assertThat(sandbox.encryptorThumbprints(0)).isEqualTo(before);
      sandbox.invariants().assertHold();
    }
  }
}
