package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.sandbox.sqlserver.SqlServerStandIn;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator in-process over the sandbox: a wrong SQL login Secret stops a rotation with
 * Unauthenticated and it waits; fixing the Secret alone (no spec change) resumes it at once.
 */
class TdeSecretChangeTest {
  static final Duration PATIENCE = Duration.ofSeconds(60);
  TdeSandbox sandbox;

  @BeforeEach
  void start() {
    sandbox = new TdeSandbox(1);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void waitsAfterAWrongLoginSecretWithoutRetryingAndResumesWhenTheSecretIsFixed() throws InterruptedException {
    sandbox.apply(sandbox.policy("sales"));
    awaitPolicy(p -> TdeRotationEndToEndTest.ready(p, "True") && p.getStatus().nextRotationTime() != null);
    sandbox.secret("sql-login", Map.of("username", TdeSandbox.OPERATOR_LOGIN, "password", "Not-the-password-1"));
    sandbox.rotateNow("sales", "1");

    // Refused when the rotation starts (reading the connector's version), before any rotation is recorded.
    TdeKeyPolicy refused = awaitPolicy(p -> "Unauthenticated".equals(TdeRotationEndToEndTest.condition(p, "Ready").getReason()));
    assertThat(TdeRotationEndToEndTest.condition(refused, "Ready").getMessage()).doesNotContain("Not-the-password-1")
        .contains("referenced Secret retries at once");
    SqlServerStandIn sql = sandbox.sql.get(0);
    int connections = sql.connectionsAccepted();
    Thread.sleep(3000); // a quiet period in which a retry storm would show
    assertThat(sql.connectionsAccepted()).as("no new attempt while nothing changed").isEqualTo(connections);
    assertThat(sandbox.get("sales").getStatus()).isEqualTo(refused.getStatus());

    sandbox.secret("sql-login", Map.of("username", TdeSandbox.OPERATOR_LOGIN, "password", TdeSandbox.OPERATOR_PASSWORD));

    TdeKeyPolicy rotated = awaitPolicy(p -> p.getStatus().lastRotationTime() != null && p.getStatus().rotation() == null);
    assertThat(rotated.getMetadata().getGeneration()).as("no spec change").isEqualTo(refused.getMetadata().getGeneration());
    Instant refusedAt = Instant.parse(TdeRotationEndToEndTest.condition(refused, "Ready").getLastTransitionTime());
    assertThat(Instant.parse(rotated.getStatus().lastRotationTime())).as("long before the capped retry (1 h)")
        .isBefore(refusedAt.plus(Duration.ofMinutes(30)));
    assertThat(rotated.getStatus().activeKey().keyName()).startsWith("sqltde-");
    assertThat(sandbox.encryptorThumbprints(0)).allSatisfy((db, thumbprint) ->
        assertThat(thumbprint).isEqualTo(rotated.getStatus().activeKey().thumbprint()));
  }

  private TdeKeyPolicy awaitPolicy(Predicate<TdeKeyPolicy> done) {
    return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> sandbox.get("sales"),
        p -> p != null && p.getStatus() != null && done.test(p));
  }
}
