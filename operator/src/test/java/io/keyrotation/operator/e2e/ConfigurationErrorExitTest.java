package io.keyrotation.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad operator setting stops the operator at start, before it talks to anything, with exit code 2. */
class ConfigurationErrorExitTest {
  @Test
  void exitsWithCode2NamingABadExtraRegionsSetting(@TempDir Path dir) throws Exception {
    try (OperatorProcess operator = OperatorProcess.start(dir.resolve("no-kubeconfig"), dir.resolve("operator.log"),
        Map.of("KEYROTATION_EXTRA_REGIONS", "westeurope=Japan"))) {
      Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));
      while (operator.isAlive() && Instant.now().isBefore(giveUp)) {
        Thread.sleep(100);
      }
      assertThat(operator.isAlive()).as("the operator should have stopped by itself").isFalse();
      assertThat(operator.terminate(Duration.ofSeconds(1))).hasValue(2);
      assertThat(operator.log()).contains("KEYROTATION_EXTRA_REGIONS").contains("westeurope is already known in geography Europe");
    }
  }

  @Test
  void exitsWithCode2WhenTheEventGridEndpointIsOnWithoutItsCertificate(@TempDir Path dir) throws Exception {
    try (OperatorProcess operator = OperatorProcess.start(dir.resolve("no-kubeconfig"), dir.resolve("operator.log"),
        Map.of("KEYROTATION_EVENTGRID_PORT", "8443"))) {
      Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));
      while (operator.isAlive() && Instant.now().isBefore(giveUp)) {
        Thread.sleep(100);
      }
      assertThat(operator.isAlive()).as("the operator should have stopped by itself").isFalse();
      assertThat(operator.terminate(Duration.ofSeconds(1))).hasValue(2);
      assertThat(operator.log()).contains("KEYROTATION_EVENTGRID_TLS_CERT_FILE is required when KEYROTATION_EVENTGRID_PORT is set");
    }
  }
}
