package io.keyrotation.sandbox.keyvault;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.sandbox.keyvault.ServiceLimits.ThrottleClass;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The vault's limits as the service-limits page gives them: per key size, weighted, enforced on their sum. */
class ThrottleWindowsTest {
  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  final ThrottleWindows windows = new ThrottleWindows(ServiceLimits.published());

  @Test
  void admitsThePublishedExampleMixAndThrottlesTheNextRead() {
    for (int i = 0; i < 248; i++) {
      assertThat(windows.admit(ThrottleClass.HSM_KEY_OPERATION, 4096, T0)).isEmpty();
    }
    for (int i = 0; i < 16; i++) {
      assertThat(windows.admit(ThrottleClass.HSM_KEY_OPERATION, 2048, T0)).isEmpty();
    }

    assertThat(windows.admit(ThrottleClass.SOFTWARE_KEY_OPERATION, 2048, T0.plusSeconds(1))).contains(Duration.ofSeconds(9));
    assertThat(windows.admit(ThrottleClass.SOFTWARE_KEY_OPERATION, 2048, T0.plusSeconds(10).plusMillis(1))).isEmpty();
  }

  @Test
  void rsa3072SoftwareOperationsStopAtAThousand() {
    for (int i = 0; i < 1000; i++) {
      assertThat(windows.admit(ThrottleClass.SOFTWARE_KEY_OPERATION, 3072, T0)).isEmpty();
    }

    assertThat(windows.admit(ThrottleClass.SOFTWARE_KEY_OPERATION, 3072, T0)).isPresent();
  }

  @Test
  void creationsAreCountedApartFromOtherOperations() {
    for (int i = 0; i < 20; i++) {
      assertThat(windows.admit(ThrottleClass.SOFTWARE_KEY_CREATE, 4096, T0)).isEmpty();
    }

    assertThat(windows.admit(ThrottleClass.HSM_KEY_CREATE, 2048, T0)).isPresent();
    assertThat(windows.admit(ThrottleClass.SOFTWARE_KEY_OPERATION, 2048, T0)).isEmpty();
  }
}
