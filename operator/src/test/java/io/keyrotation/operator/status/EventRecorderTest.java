package io.keyrotation.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events are recorded once per occurrence, so a reconcile repeated after a lost status write does not repeat them. */
class EventRecorderTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
  final KubernetesStandIn kubernetes = KubernetesStandIn.start();
  final EventRecorder events = new EventRecorder(kubernetes.client(), CLOCK);

  @AfterEach
  void stop() {
    kubernetes.close();
  }

  @Test
  void theSameEventAtTheSameVersionIsRecordedOnce() {
    VaultBackupSchedule schedule = schedule("7");

    events.warning(schedule, "KubernetesForbidden", "refused");
    events.warning(schedule, "KubernetesForbidden", "refused");

    assertThat(recorded()).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("KubernetesForbidden");
      assertThat(e.getInvolvedObject().getResourceVersion()).isEqualTo("7");
    });
  }

  @Test
  void aNewVersionOrAnotherMessageIsANewEvent() {
    events.normal(schedule("7"), "BackupRequested", "asked once");
    events.normal(schedule("7"), "BackupRequested", "asked for another key");
    events.normal(schedule("8"), "BackupRequested", "asked once");

    assertThat(recorded()).hasSize(3);
  }

  private List<Event> recorded() {
    return kubernetes.client().v1().events().inNamespace("ns").list().getItems();
  }

  private static VaultBackupSchedule schedule(String resourceVersion) {
    VaultBackupSchedule schedule = new VaultBackupSchedule();
    schedule.setMetadata(new ObjectMetaBuilder().withName("nightly").withNamespace("ns").withUid("u1")
        .withResourceVersion(resourceVersion).build());
    return schedule;
  }
}
