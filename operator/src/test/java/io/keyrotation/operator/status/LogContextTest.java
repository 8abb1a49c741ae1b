package io.keyrotation.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {
  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void putsTheResourceAndRemovesItAfterwards() {
    var resource = new ConfigMapBuilder().withNewMetadata().withNamespace("tde").withName("sales").endMetadata().build();
    try (LogContext about = LogContext.resource(resource)) {
      assertThat(MDC.get(LogContext.KIND)).isEqualTo("ConfigMap");
      assertThat(MDC.get(LogContext.NAMESPACE)).isEqualTo("tde");
      assertThat(MDC.get(LogContext.NAME)).isEqualTo("sales");
    }
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void restoresWhatJosdkHadSetSoNothingLeaksIntoTheNextReconcile() {
    MDC.put(LogContext.NAME, "set-by-josdk");
    try (LogContext step = LogContext.step("CreateKey"); LogContext reason = LogContext.reason("Throttled")) {
      assertThat(MDC.get(LogContext.STEP)).isEqualTo("CreateKey");
      assertThat(MDC.get(LogContext.REASON)).isEqualTo("Throttled");
    }
    assertThat(MDC.get(LogContext.STEP)).isNull();
    assertThat(MDC.get(LogContext.REASON)).isNull();
    assertThat(MDC.get(LogContext.NAME)).isEqualTo("set-by-josdk");
  }

  @Test
  void putsAnExternalCallWithoutTheIdsItLacksAndRemovesItAfterwards() {
    try (LogContext call = LogContext.call(new ExternalCall("sqlserver", "encryptDatabaseKeyWith", "SqlError", null, null))) {
      assertThat(MDC.getCopyOfContextMap()).containsOnly(
          org.assertj.core.api.Assertions.entry(LogContext.CALL_SYSTEM, "sqlserver"),
          org.assertj.core.api.Assertions.entry(LogContext.CALL_OPERATION, "encryptDatabaseKeyWith"),
          org.assertj.core.api.Assertions.entry(LogContext.CALL_OUTCOME, "SqlError"));
    }
    try (LogContext none = LogContext.call(null)) {
      assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    }
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }
}
