package io.keyrotation.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class StepScopeTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger(StepScope.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
    MDC.clear();
  }

  @Test
  void aFailedStepIsLoggedWithItsReasonAndTheFailedCallWhichTheExceptionThenCarries() {
    ExternalCall denied = new ExternalCall("keyvault", "create", "Forbidden", "req-403", "client-1");

    assertThatThrownBy(() -> StepScope.run("CreateVaultKey", () -> {
      ExternalCallTrace.record(new ExternalCall("keyvault", "get", "NotFound", "req-404", "client-0"));
      ExternalCallTrace.record(denied);
      throw new GatewayException(FailureReason.Forbidden, "The identity may not create keys.");
    })).isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.call()).contains(denied));

    ILoggingEvent line = lines.list.get(0);
    assertThat(line.getLevel()).isEqualTo(Level.WARN);
    assertThat(line.getMDCPropertyMap()).containsEntry(LogContext.STEP, "CreateVaultKey")
        .containsEntry(LogContext.REASON, "Forbidden")
        .containsEntry(LogContext.CALL_SYSTEM, "keyvault")
        .containsEntry(LogContext.CALL_OPERATION, "create")
        .containsEntry(LogContext.CALL_REQUEST_ID, "req-403")
        .containsEntry(LogContext.CALL_CLIENT_REQUEST_ID, "client-1");
    assertThat(line.getFormattedMessage()).contains("The identity may not create keys.").contains("req-403");
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void aFailureIsNotBlamedOnAnEarlierCallThatFailedForAnotherReason() {
    assertThatThrownBy(() -> StepScope.run("CreateVaultKey", () -> {
      ExternalCallTrace.record(new ExternalCall("keyvault", "get", "NotFound", "req-404", null));
      throw new GatewayException(FailureReason.Unauthenticated, "Signing in failed.");
    })).isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.call()).isEmpty());

    assertThat(lines.list).singleElement().satisfies(line -> {
      assertThat(line.getMDCPropertyMap()).containsEntry(LogContext.REASON, "Unauthenticated")
          .doesNotContainKey(LogContext.CALL_REQUEST_ID);
      assertThat(line.getFormattedMessage()).doesNotContain("req-404");
    });
  }

  @Test
  void aGatewayFailureWrappedByTheWorkflowKeepsTheCallTheGatewayAttached() {
    ExternalCall sql = new ExternalCall("sqlserver", "alterCredential", "Forbidden", null, null);
    GatewayException cause = new GatewayException(FailureReason.Forbidden, "No ALTER ANY CREDENTIAL.").withCall(sql);

    assertThatThrownBy(() -> StepScope.run("UpdateTargets", () -> {
      throw new IllegalStateException("step failed", cause);
    })).isInstanceOf(IllegalStateException.class);

    assertThat(lines.list).singleElement().satisfies(line -> assertThat(line.getMDCPropertyMap())
        .containsEntry(LogContext.STEP, "UpdateTargets").containsEntry(LogContext.REASON, "Forbidden")
        .containsEntry(LogContext.CALL_SYSTEM, "sqlserver").doesNotContainKey(LogContext.CALL_REQUEST_ID));
  }

  @Test
  void aStepThatRanNamesItsLastCallWithoutAReason() {
    String result = StepScope.run("Archive", () -> {
      ExternalCallTrace.record(new ExternalCall("keyvault", "backup", "success", "req-1", "c-1"));
      ExternalCallTrace.record(new ExternalCall("blob", "upload", "success", "req-2", "c-2"));
      return "done";
    });

    assertThat(result).isEqualTo("done");
    ILoggingEvent line = lines.list.get(0);
    assertThat(line.getLevel()).isEqualTo(Level.INFO);
    assertThat(line.getMDCPropertyMap()).containsEntry(LogContext.STEP, "Archive")
        .containsEntry(LogContext.CALL_SYSTEM, "blob").containsEntry(LogContext.CALL_REQUEST_ID, "req-2")
        .doesNotContainKey(LogContext.REASON);
    assertThat(line.getFormattedMessage()).contains("2 external call(s)");
  }

  @Test
  void aCallThatFailedInsideAStepThatWentOnIsTheOneTracedButNotTheStepsFailure() {
    StepScope.run("CreateVaultKey", () -> {
      ExternalCallTrace.record(new ExternalCall("keyvault", "get", "NotFound", "req-9", null));
      ExternalCallTrace.record(new ExternalCall("keyvault", "create", "success", "req-10", null));
      return null;
    });

    ILoggingEvent line = lines.list.get(0);
    assertThat(line.getLevel()).isEqualTo(Level.INFO);
    assertThat(line.getMDCPropertyMap()).containsEntry(LogContext.CALL_REQUEST_ID, "req-9")
        .containsEntry(LogContext.CALL_OUTCOME, "NotFound").doesNotContainKey(LogContext.REASON);
    assertThat(line.getFormattedMessage()).contains("the last: keyvault create success (request id req-10)")
        .contains("A call answered NotFound: keyvault get NotFound (request id req-9)");
  }

  @Test
  void callsOfAnEarlierStepAreNotAttributedToTheNextOne() {
    StepScope.run("SelectKeys", () -> {
      ExternalCallTrace.record(new ExternalCall("keyvault", "list", "Forbidden", "req-old", null));
      return null;
    });
    StepScope.run("Readiness", () -> null);

    ILoggingEvent second = lines.list.get(1);
    assertThat(second.getLevel()).isEqualTo(Level.INFO);
    assertThat(second.getMDCPropertyMap()).containsEntry(LogContext.STEP, "Readiness")
        .doesNotContainKeys(LogContext.CALL_SYSTEM, LogContext.REASON);
    assertThat(second.getFormattedMessage()).contains("0 external call(s)");
  }
}
