package io.keyrotation.operator.keyvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyNameGeneratorTest {
  // 23:30 in New York is already the next day in UTC: the date is the UTC one.
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T04:30:00Z"), ZoneId.of("America/New_York"));
  final KeyNameGenerator names = new KeyNameGenerator(CLOCK);

  @Test
  void namesTheKeyAfterThePrefixAndTheUtcDate() {
    assertThat(names.nextFreeName("sqltde", name -> false)).isEqualTo("sqltde-20261124");
  }

  @Test
  void appendsASequenceWhileTheNameIsTaken() {
    Set<String> taken = Set.of("sqltde-20261124", "sqltde-20261124-2");

    assertThat(names.nextFreeName("sqltde", taken::contains)).isEqualTo("sqltde-20261124-3");
  }

  @Test
  void everyGeneratedNameFitsTheConnector() {
    Set<String> taken = new HashSet<>();
    String prefix = "a".repeat(14);
    for (int i = 0; i < 98; i++) {
      String name = names.nextFreeName(prefix, taken::contains);
      assertThat(name).matches("^[A-Za-z0-9-]{1,26}$");
      taken.add(name);
    }
  }

  /**
   * The connector's limit (error 2049 beyond 26 characters, DOMAIN.md section 1) written here as a
   * number of its own: if {@code KeyNameGenerator.MAX_LENGTH} were raised, this test would fail.
   */
  static final int CONNECTOR_LIMIT = 26;

  @Test
  void neverProducesANameLongerThanTheConnectorAcceptsForAnyAcceptedPrefix() {
    int acceptedPrefixes = 0;
    for (int length = 1; length <= 40; length++) {
      String prefix = "p".repeat(length);
      if (!acceptsPrefix(prefix)) {
        continue;
      }
      acceptedPrefixes++;
      Set<String> taken = new HashSet<>();
      while (true) {
        String name;
        try {
          name = names.nextFreeName(prefix, taken::contains);
        } catch (GatewayException exhausted) {
          break;
        }
        assertThat(name.length()).as("length of %s", name).isLessThanOrEqualTo(CONNECTOR_LIMIT);
        assertThat(KeyNameGenerator.isValidConnectorKeyName(name)).as("%s follows the naming rule", name).isTrue();
        assertThat(taken.add(name)).as("%s generated twice", name).isTrue();
      }
      assertThat(taken).as("names for prefix %s", prefix).isNotEmpty();
    }
    assertThat(acceptedPrefixes).isEqualTo(CONNECTOR_LIMIT - "-yyyyMMdd".length());
  }

  private static boolean acceptsPrefix(String prefix) {
    try {
      KeyNameGenerator.checkPrefix(prefix);
      return true;
    } catch (GatewayException refused) {
      return false;
    }
  }

  @Test
  void refusesWhenNoSequenceFitsAnyMore() {
    String prefix = "a".repeat(17);

    assertThat(names.nextFreeName(prefix, name -> false)).hasSize(26);
    assertThatThrownBy(() -> names.nextFreeName(prefix, name -> true))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.InvalidSpec));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-lead", "trail-", "under_score", "dot.ted", "a-prefix-that-is-too-long"})
  void refusesAPrefixThatCannotMakeAValidNameWithoutAskingTheVault(String prefix) {
    assertThatThrownBy(() -> names.nextFreeName(prefix, name -> {
      throw new AssertionError("must not look up " + name);
    })).isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.InvalidSpec));
  }

  @Test
  void checksConnectorNames() {
    assertThat(KeyNameGenerator.isValidConnectorKeyName("Key2")).isTrue();
    assertThat(KeyNameGenerator.isValidConnectorKeyName("k".repeat(27))).isFalse();
    assertThat(KeyNameGenerator.isValidConnectorKeyName("with space")).isFalse();
  }
}
