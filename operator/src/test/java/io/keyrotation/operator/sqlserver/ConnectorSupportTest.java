package io.keyrotation.operator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ConnectorSupportTest {

  @ParameterizedTest
  @CsvSource({
      "15.0.2000.440, true",
      "15.0.2000.441, true",
      "15.1.0.0, true",
      "16.0.0.1, true",
      "15.0.2000.367, false",
      "15.0.300.96, false",
      "13.0.811.168, false",
      "1.0.5.0, false",
      "'', false",
      "garbage, false"})
  void allowsKeyVersionsOnlyFromTheFirstConnectorBuildDocumentedWithThem(String version, boolean allowed) {
    assertThat(ConnectorSupport.refuseKeyVersions("sql1", version).isEmpty()).isEqualTo(allowed);
  }

  @Test
  void saysWhichInstanceAndVersionCannotUseKeyVersions() {
    assertThat(ConnectorSupport.refuseKeyVersions("sql1", "15.0.300.96")).hasValueSatisfying(m -> assertThat(m)
        .contains("sql1").contains("15.0.300.96").contains(ConnectorSupport.MIN_VERSION_FOR_KEY_VERSIONS));
    assertThat(ConnectorSupport.refuseKeyVersions("sql1", null)).isPresent();
  }

  @Test
  void refusesToRotateAcrossReplicasWithDifferentConnectorVersions() {
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("sql2", "13.0.811.168");
    versions.put("sql1", "15.0.2000.440");
    assertThat(ConnectorSupport.refuseMixedVersions(versions)).hasValueSatisfying(m -> assertThat(m)
        .contains("sql1 15.0.2000.440, sql2 13.0.811.168").contains("33111"));
  }

  @Test
  void allowsReplicasWithTheSameConnectorVersion() {
    assertThat(ConnectorSupport.refuseMixedVersions(Map.of("sql1", "15.0.2000.440", "sql2", "15.0.2000.440")))
        .isEmpty();
    assertThat(ConnectorSupport.refuseMixedVersions(Map.of("sql1", "15.0.2000.440"))).isEmpty();
  }

  @Test
  void treatsAnUnknownReplicaVersionAsDifferent() {
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("sql1", "15.0.2000.440");
    versions.put("sql2", null);
    assertThat(ConnectorSupport.refuseMixedVersions(versions)).isPresent();
  }

  @ParameterizedTest
  @CsvSource({
      "ContosoTdeKey1, ContosoTdeKey1, false",
      "contosotdekey1, ContosoTdeKey1/0123456789abcdef0123456789abcdef, false",
      "ContosoTdeKey1/0123456789abcdef0123456789abcdef, ContosoTdeKey1, true",
      "ContosoTdeKey2, ContosoTdeKey1, true"})
  void neverAddsAVersionToAKeySomeInstanceRegisteredVersionless(String recorded, String keyName, boolean allowed) {
    assertThat(ConnectorSupport.refuseNewVersionOfVersionlessKey(List.of(recorded), keyName).isEmpty())
        .isEqualTo(allowed);
  }
}
