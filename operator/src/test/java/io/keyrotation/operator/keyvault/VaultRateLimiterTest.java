package io.keyrotation.operator.keyvault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The client-side limits weigh requests as the vault does: by key size and protection, on their sum. */
class VaultRateLimiterTest {
  final long[] now = {0};
  final VaultRateLimiter limiter = new VaultRateLimiter(KeyVaultRateLimits.published().withSafetyMargin(Duration.ZERO)
      .withMaxWait(Duration.ZERO), () -> now[0]);

  @Test
  void allowsThePublishedExampleMixOf4096And2048HsmReadsAndNotOneMore() {
    // The service-limits page: 248 RSA-4096 HSM GETs and 16 RSA-2048 HSM GETs fill a 10 s window.
    for (int i = 0; i < 248; i++) {
      assertThat(limiter.reserve(OperationClass.HSM_KEY_OPERATION, 4096)).as("4096 read %d", i).contains(Duration.ZERO);
    }
    for (int i = 0; i < 16; i++) {
      assertThat(limiter.reserve(OperationClass.HSM_KEY_OPERATION, 2048)).as("2048 read %d", i).contains(Duration.ZERO);
    }

    assertThat(limiter.reserve(OperationClass.HSM_KEY_OPERATION, 2048)).isEmpty();
    assertThat(limiter.reserve(OperationClass.SOFTWARE_KEY_OPERATION, 2048)).as("one sum for every class").isEmpty();
  }

  @Test
  void allowsOnlyAThousandRsa3072SoftwareOperationsPerWindow() {
    for (int i = 0; i < 1000; i++) {
      assertThat(limiter.reserve(OperationClass.SOFTWARE_KEY_OPERATION, 3072)).contains(Duration.ZERO);
    }

    assertThat(limiter.reserve(OperationClass.SOFTWARE_KEY_OPERATION, 3072)).isEmpty();
  }

  @Test
  void keyCreationsKeepTheirOwnSumAndDoNotDependOnKeySize() {
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.reserve(OperationClass.HSM_KEY_CREATE, 4096)).contains(Duration.ZERO);
    }

    assertThat(limiter.reserve(OperationClass.SOFTWARE_KEY_CREATE, 2048)).as("10 HSM creates use the whole budget").isEmpty();
    assertThat(limiter.reserve(OperationClass.SOFTWARE_KEY_OPERATION, 2048)).contains(Duration.ZERO);
  }
}
