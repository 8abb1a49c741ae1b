package io.keyrotation.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An unmodified JOSDK operator, on its defaults (SSA status patches, finalizers, leader election), over a socket. */
class JosdkThroughStandInTest {

  private KubernetesStandIn standIn;
  private KubernetesClient operatorClient;
  private Operator operator;
  private final WidgetReconciler reconciler = new WidgetReconciler();

  @ControllerConfiguration(name = "widgets")
  static class WidgetReconciler implements Reconciler<Widget>, Cleaner<Widget> {
    final Set<String> cleanedUp = ConcurrentHashMap.newKeySet();

    @Override
    public UpdateControl<Widget> reconcile(Widget widget, Context<Widget> context) {
      Widget.Status status = new Widget.Status();
      status.phase = "Ready";
      status.observedGeneration = widget.getMetadata().getGeneration();
      status.message = "prefix " + widget.getSpec().prefix;
      widget.setStatus(status);
      return UpdateControl.patchStatus(widget);
    }

    @Override
    public DeleteControl cleanup(Widget widget, Context<Widget> context) {
      cleanedUp.add(widget.getMetadata().getName());
      return DeleteControl.defaultDelete();
    }
  }

  @BeforeEach
  void startOperator() {
    standIn = StandInFixture.startWithTestCrds();
    operatorClient = new KubernetesClientBuilder().withConfig(standIn.config()).build();
    operator = new Operator(o -> o.withKubernetesClient(operatorClient)
        .withCloseClientOnStop(true)
        .withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration("widgets-leader")
            .withLeaseNamespace("default")
            .withExitOnStopLeading(false)
            .build()));
    operator.register(reconciler);
    operator.start();
  }

  @AfterEach
  void stop() {
    operator.stop();
    standIn.close();
  }

  @Test
  void operatorWinsLeaseAndPatchesStatusWithServerSideApply() {
    standIn.client().resource(Widget.named("first", "alpha")).create();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Widget stored = standIn.client().resources(Widget.class).withName("first").get();
      assertThat(stored.getStatus()).isNotNull();
      assertThat(stored.getStatus().phase).isEqualTo("Ready");
      assertThat(stored.getStatus().observedGeneration).isEqualTo(1L);
      assertThat(stored.getFinalizers()).isNotEmpty();
    });
    Lease lease = standIn.client().leases().inNamespace("default").withName("widgets-leader").get();
    assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
  }

  @Test
  void specChangeIsReconciledAgainWithTheNewGeneration() {
    standIn.client().resource(Widget.named("changing", "alpha")).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> phaseOf("changing") != null);

    standIn.client().resources(Widget.class).withName("changing").edit(w -> {
      w.getSpec().prefix = "beta";
      return w;
    });

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Widget stored = standIn.client().resources(Widget.class).withName("changing").get();
      assertThat(stored.getStatus().observedGeneration).isEqualTo(2L);
      assertThat(stored.getStatus().message).isEqualTo("prefix beta");
    });
  }

  @Test
  void deletionRunsCleanupThenRemovesTheFinalizerAndTheObject() {
    standIn.client().resource(Widget.named("doomed", "alpha")).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> phaseOf("doomed") != null);

    standIn.client().resources(Widget.class).withName("doomed").delete();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(reconciler.cleanedUp).contains("doomed");
      assertThat(standIn.client().resources(Widget.class).withName("doomed").get()).isNull();
    });
  }

  private String phaseOf(String name) {
    Widget widget = standIn.client().resources(Widget.class).withName(name).get();
    return widget == null || widget.getStatus() == null ? null : widget.getStatus().phase;
  }
}
