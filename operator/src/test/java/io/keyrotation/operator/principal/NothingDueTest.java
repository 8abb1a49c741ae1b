package io.keyrotation.operator.principal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.api.principal.ServicePrincipalRotationStatus;
import io.keyrotation.operator.api.principal.ServicePrincipalRotationStatus.ClientSecretInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NothingDueTest {
  static final Instant NOW = Instant.parse("2026-12-01T06:00:00Z");
  static final Instant NEXT = NOW.plus(Duration.ofDays(200));

  static ServicePrincipalRotation resource(boolean suspend, long generation, ServicePrincipalRotationStatus status,
      String trigger) {
    ServicePrincipalRotation resource = new ServicePrincipalRotation();
    resource.getMetadata().setName("ekm");
    resource.getMetadata().setNamespace("tde");
    resource.getMetadata().setGeneration(generation);
    if (trigger != null) {
      resource.getMetadata().setAnnotations(Map.of(SecretRotationWorkflow.ROTATE_NOW, trigger));
    }
    resource.setSpec(SecretRotationPlannerTest.spec(suspend, null));
    resource.setStatus(status);
    return resource;
  }

  static ServicePrincipalRotationStatus adopted(String ready, Instant next, String lastTrigger) {
    return adopted(ready, "UpToDate", next, lastTrigger);
  }

  static ServicePrincipalRotationStatus adopted(String ready, String reason, Instant next, String lastTrigger) {
    Condition condition = new ConditionBuilder().withType("Ready").withStatus(ready).withReason(reason).build();
    return new ServicePrincipalRotationStatus(1L, List.of(condition),
        new ClientSecretInfo(SecretRotationPlannerTest.OLD_KEY, "abc", null, null, next.plus(Duration.ofDays(30)).toString()),
        null, null, next.toString(), null, lastTrigger);
  }

  @Test
  void anAdoptedReadyRotationWaitsForItsNextRotationTimeWithoutObserving() {
    assertThat(NothingDue.until(resource(false, 1, adopted("True", NEXT, "a"), "a"), NOW)).contains(NEXT);
  }

  @Test
  void observesWhenTheSpecChangedSinceTheStatusWasWritten() {
    assertThat(NothingDue.until(resource(false, 2, adopted("True", NEXT, null), null), NOW)).isEmpty();
  }

  @Test
  void observesWhenANewRotateNowValueWaits() {
    assertThat(NothingDue.until(resource(false, 1, adopted("True", NEXT, "a"), "b"), NOW)).isEmpty();
  }

  @Test
  void observesOnceTheNextRotationTimeHasCome() {
    assertThat(NothingDue.until(resource(false, 1, adopted("True", NOW, null), null), NOW)).isEmpty();
  }

  @Test
  void observesAfterAFailureSoThatTheRetryRuns() {
    assertThat(NothingDue.until(resource(false, 1, adopted("False", NEXT, null), null), NOW)).isEmpty();
  }

  @Test
  void observesOnceMoreRightAfterAnAdoptionOrARotationSoThatStatusSaysUpToDate() {
    assertThat(NothingDue.until(resource(false, 1, adopted("True", "Adopted", NEXT, null), null), NOW)).isEmpty();
    assertThat(NothingDue.until(resource(false, 1, adopted("True", "Rotated", NEXT, null), null), NOW)).isEmpty();
  }

  @Test
  void observesWhenSuspendedOrNotYetAdopted() {
    assertThat(NothingDue.until(resource(true, 1, adopted("True", NEXT, null), null), NOW)).isEmpty();
    assertThat(NothingDue.until(resource(false, 1, null, null), NOW)).isEmpty();
  }
}
