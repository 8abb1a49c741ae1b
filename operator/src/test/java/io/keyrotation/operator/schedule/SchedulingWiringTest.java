package io.keyrotation.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.keyrotation.operator.KeyRotationOperator;
import io.keyrotation.operator.KubernetesClients;
import io.keyrotation.operator.backup.VaultBackupScheduleReconciler;
import io.keyrotation.operator.config.OperatorConfig;
import io.keyrotation.operator.principal.ServicePrincipalRotationReconciler;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The production wiring: the safety-net interval from configuration, a wake-up source per controller, paged lists. */
class SchedulingWiringTest {

  @Test
  void everyControllerGetsTheConfiguredSafetyNetIntervalAndTheScheduledOnesAWakeUpSource() {
    try (KubernetesStandIn kubernetes = KubernetesStandIn.start()) {
      OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(
          "KEYROTATION_LEADER_ELECTION", "false", "KEYROTATION_MAX_RECONCILIATION_INTERVAL", "PT12H"));
      Operator operator = KeyRotationOperator.create(kubernetes.client(), config, Clock.systemUTC(), () -> { });

      assertThat(operator.getRegisteredControllers()).hasSize(3).allSatisfy(controller ->
          assertThat(controller.getConfiguration().maxReconciliationInterval()).contains(Duration.ofHours(12)));
      // Every informer, the controllers' own and the secondary ones, lists in pages (IndexedReadsTest: the stand-in pages).
      assertThat(operator.getRegisteredControllers()).allSatisfy(controller -> assertThat(
          controller.getConfiguration().getInformerConfig().getInformerListLimit()).isEqualTo(KubernetesClients.INFORMER_LIST_PAGE));
      var informers = operator.getRegisteredControllers().stream()
          .flatMap(controller -> controller.getControllerHealthInfo().eventSourceHealthIndicators().values().stream())
          .filter(InformerEventSource.class::isInstance).map(InformerEventSource.class::cast).toList();
      assertThat(informers).extracting(InformerEventSource::name).contains("tdekeypolicy-secrets",
          "tdekeypolicy-backupschedules", "vaultbackupschedule-tdekeypolicies");
      assertThat(informers).allSatisfy(informer -> assertThat(informer.configuration().getInformerConfig()
          .getInformerListLimit()).as(informer.name()).isEqualTo(KubernetesClients.INFORMER_LIST_PAGE));
      for (String name : new String[] {VaultBackupScheduleReconciler.NAME, ServicePrincipalRotationReconciler.NAME}) {
        RegisteredController<?> controller = operator.getRegisteredController(name).orElseThrow();
        assertThat(controller.getControllerHealthInfo().eventSourceHealthIndicators())
            .hasEntrySatisfying("wake-ups", source -> assertThat(source).isInstanceOf(DueTimeEventSource.class));
      }
    }
  }
}
