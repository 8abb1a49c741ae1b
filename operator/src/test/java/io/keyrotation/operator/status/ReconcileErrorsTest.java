package io.keyrotation.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.common.ResourceStatus;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.backup.VaultBackupScheduleReconciler;
import io.keyrotation.operator.principal.ServicePrincipalRotationReconciler;
import io.keyrotation.operator.tde.TdeKeyPolicyReconciler;
import io.keyrotation.operator.tde.TdeKeyPolicyStatusBuilder;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconcileErrorsTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
  final KubernetesStandIn kubernetes = KubernetesStandIn.start();
  final StatusWriter writer = new StatusWriter(new EventRecorder(kubernetes.client(), CLOCK));
  final ReconcileErrors errors = new ReconcileErrors(writer,
      new io.keyrotation.operator.schedule.RetryBackoff(java.time.Duration.ofHours(1), new java.util.Random(1)));

  @AfterEach
  void stop() {
    kubernetes.close();
  }

  @Test
  void aValidatorThatThrowsEndsAsAnInternalErrorConditionWithoutItsMessageAndWithoutRetry() {
    TdeKeyPolicy policy = named(new TdeKeyPolicy());
    Exception failure = (Exception) catchThrowable(() -> ReconcileErrors.validate(() -> {
      throw new DateTimeException("Invalid value for Year (valid values -999999999 - 999999999): 1000002001 s3cr3t");
    }));

    ErrorStatusUpdateControl<TdeKeyPolicy> control = toStatus(policy, failure);

    assertThat(control.isNoRetry()).isTrue();
    Condition ready = ready(control.getResource().orElseThrow());
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("InternalError");
    assertThat(ready.getMessage()).contains("while validating the spec").contains("java.time.DateTimeException")
        .contains(ReconcileErrorsTest.class.getName()).doesNotContain("s3cr3t");
    assertThat(kubernetes.client().v1().events().inNamespace("ns").list().getItems()).singleElement()
        .satisfies(e -> assertThat(e.getReason()).isEqualTo("InternalError"));
  }

  @Test
  void aGatewayFailureIsLoggedWithItsReasonAndTheCallThatFailed() {
    var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ReconcileErrors.class);
    var lines = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    lines.start();
    logger.addAppender(lines);
    try {
      ExternalCall call = new ExternalCall("blob", "putBlob", "Forbidden", "req-7", "client-7");
      toStatus(named(new TdeKeyPolicy()),
          new GatewayException(FailureReason.Forbidden, "The identity may not write the container.").withCall(call));

      assertThat(lines.list).singleElement().satisfies(line -> {
        assertThat(line.getMDCPropertyMap()).containsEntry(LogContext.REASON, "Forbidden")
            .containsEntry(LogContext.CALL_SYSTEM, "blob").containsEntry(LogContext.CALL_REQUEST_ID, "req-7");
        assertThat(line.getFormattedMessage()).contains("The identity may not write the container.").contains("req-7");
      });
    } finally {
      logger.detachAppender(lines);
    }
  }

  @Test
  void anUnexpectedFailureIsLoggedWithItsClassesAndStackButNoMessage() {
    Throwable logged = ReconcileErrors.withoutMessages(
        new IllegalStateException("bad s3cr3t", new IllegalArgumentException("password=s3cr3t")));

    assertThat(logged.getMessage()).isEqualTo("java.lang.IllegalStateException (message not logged)");
    assertThat(logged.getCause().getMessage()).isEqualTo("java.lang.IllegalArgumentException (message not logged)");
    assertThat(logged.getStackTrace()).isNotEmpty();
    assertThat(logged.getStackTrace()[0].getClassName()).isEqualTo(ReconcileErrorsTest.class.getName());
  }

  @Test
  void aGatewayRefusingTheSpecEndsAsInvalidSpecWithoutRetry() {
    TdeKeyPolicy policy = named(new TdeKeyPolicy());

    ErrorStatusUpdateControl<TdeKeyPolicy> control = toStatus(policy,
        new GatewayException(FailureReason.InvalidSpec, "'1sales' is not a Key Vault name"));

    assertThat(control.isNoRetry()).isTrue();
    Condition ready = ready(control.getResource().orElseThrow());
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage()).contains("'1sales' is not a Key Vault name");
  }

  @Test
  void aRetryableGatewayFailureKeepsItsReasonAndIsRetried() {
    TdeKeyPolicy policy = named(new TdeKeyPolicy());

    ErrorStatusUpdateControl<TdeKeyPolicy> control = toStatus(policy,
        new GatewayException(FailureReason.Unavailable, "Key Vault answered 503"));

    assertThat(control.isNoRetry()).isFalse();
    assertThat(ready(control.getResource().orElseThrow()).getReason()).isEqualTo("Unavailable");
  }

  @Test
  void aConflictOnTheStatusWriteIsRetriedWithoutAConditionOrEvent() {
    TdeKeyPolicy policy = named(new TdeKeyPolicy());
    Exception conflict = new RuntimeException("patch failed", new io.fabric8.kubernetes.client.KubernetesClientException(
        "Operation cannot be fulfilled: the object has been modified", 409, null));

    ErrorStatusUpdateControl<TdeKeyPolicy> control = toStatus(policy, conflict);

    assertThat(control.isNoRetry()).isFalse();
    assertThat(control.getResource()).isEmpty();
    assertThat(policy.getStatus()).isNull();
    assertThat(kubernetes.client().v1().events().inNamespace("ns").list().getItems()).isEmpty();
  }

  @Test
  void aKubernetesRefusalBecomesAConditionAndOneWarningAndIsTriedAgainLater() {
    TdeKeyPolicy policy = named(new TdeKeyPolicy());
    policy.getMetadata().setResourceVersion("5");
    Exception refused = new RuntimeException("reconcile failed", new io.fabric8.kubernetes.client.KubernetesClientException(
        "Failure executing: PATCH at: https://k8s.example/apis/keyrotation.io/v1alpha1/namespaces/ns/vaultbackupschedules/tde-keys. "
        + "Message: Forbidden.", 403, new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(403).withReason("Forbidden")
        .withMessage("vaultbackupschedules.keyrotation.io \"tde-keys\" is forbidden: User \"system:serviceaccount:keyrotation-system:"
            + "keyrotation-operator\" cannot patch resource \"vaultbackupschedules\" in API group \"keyrotation.io\" in the namespace \"ns\"")
        .build()));

    ErrorStatusUpdateControl<TdeKeyPolicy> control = toStatus(policy, refused);
    // the status write was lost (e.g. refused too): the same reconcile again, at the same version
    TdeKeyPolicy sameVersion = named(new TdeKeyPolicy());
    sameVersion.getMetadata().setResourceVersion("5");
    ErrorStatusUpdateControl<TdeKeyPolicy> again = toStatus(sameVersion, refused);

    assertThat(control.isNoRetry()).as("not JOSDK's few quick retries").isTrue();
    assertThat(control.getScheduleDelay()).hasValueSatisfying(millis -> assertThat(millis).isGreaterThanOrEqualTo(
        io.keyrotation.operator.schedule.RetryBackoff.FIRST_DELAY.dividedBy(2).toMillis()));
    TdeKeyPolicy written = control.getResource().orElseThrow();
    assertThat(ready(written).getStatus()).isEqualTo("False");
    assertThat(ready(written).getReason()).isEqualTo("KubernetesForbidden");
    assertThat(ready(written).getMessage()).contains("patch on vaultbackupschedules (API group keyrotation.io) \"tde-keys\" in namespace ns");
    assertThat(written.getStatus().conditions()).filteredOn(c -> c.getType().equals("Degraded")).singleElement()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(again.getScheduleDelay()).isPresent();
    assertThat(kubernetes.client().v1().events().inNamespace("ns").list().getItems()).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("KubernetesForbidden");
    });
  }

  @Test
  void theSameFailureTwiceWritesNothingTheSecondTime() {
    TdeKeyPolicy policy = named(new TdeKeyPolicy());
    IllegalStateException failure = new IllegalStateException("x");
    policy.setStatus(toStatus(policy, failure).getResource().orElseThrow().getStatus());

    ErrorStatusUpdateControl<TdeKeyPolicy> again = toStatus(policy, failure);

    assertThat(again.getResource()).isEmpty();
    assertThat(again.isNoRetry()).isTrue();
  }

  @Test
  void everyReconcilerTurnsAnUnexpectedExceptionIntoACondition() {
    List<CustomResource<?, ? extends ResourceStatus>> written = List.of(
        // no gateway is reached on this path: none is given
        new TdeKeyPolicyReconciler(writer, null, null, new io.keyrotation.operator.schedule.RetryBackoff(
            java.time.Duration.ofHours(1), new java.util.Random()), CLOCK, null, null).updateErrorStatus(named(new TdeKeyPolicy()), null,
            new ArithmeticException("long overflow")).getResource().orElseThrow(),
        new VaultBackupScheduleReconciler(writer, new EventRecorder(kubernetes.client(), CLOCK), null,
            io.keyrotation.operator.backup.AzureRegions.builtIn(),
            new io.keyrotation.operator.schedule.RetryBackoff(java.time.Duration.ofHours(1), new java.util.Random(1)), CLOCK)
            .updateErrorStatus(named(new VaultBackupSchedule()), null,
            new ArithmeticException("long overflow")).getResource().orElseThrow(),
        new ServicePrincipalRotationReconciler(writer, CLOCK).updateErrorStatus(named(new ServicePrincipalRotation()),
            null, new ArithmeticException("long overflow")).getResource().orElseThrow());

    assertThat(written).allSatisfy(resource -> {
      assertThat(ready(resource).getReason()).isEqualTo("InternalError");
      assertThat(ready(resource).getMessage()).contains("java.lang.ArithmeticException");
      assertThat(resource.getStatus().observedGeneration()).isEqualTo(3L);
    });
  }

  private ErrorStatusUpdateControl<TdeKeyPolicy> toStatus(TdeKeyPolicy policy, Exception failure) {
    var status = new TdeKeyPolicyStatusBuilder(policy.getStatus(), policy.getMetadata().getGeneration(), CLOCK);
    return errors.toStatus(policy, failure, status.conditions(), status::build);
  }

  private static <R extends CustomResource<?, ?>> R named(R resource) {
    resource.setMetadata(new ObjectMetaBuilder().withName("p").withNamespace("ns").withGeneration(3L).withUid("u1").build());
    return resource;
  }

  private static Condition ready(CustomResource<?, ? extends ResourceStatus> resource) {
    return resource.getStatus().conditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
  }
}
