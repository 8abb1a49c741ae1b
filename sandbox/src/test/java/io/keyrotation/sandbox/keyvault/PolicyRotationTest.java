package io.keyrotation.sandbox.keyvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A key with a Rotate policy gets new versions from the vault itself, behind SQL Server's back. */
class PolicyRotationTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  final Instant[] now = {T0};
  final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now[0];
    }
  };
  final VaultKeys keys = new VaultKeys(VaultDefinition.of("kv-policy", "westeurope", "88888888-8888-4888-8888-888888888888",
      "77777777-7777-4777-8777-777777777777"), new VaultProperties(), clock);

  @Test
  void addsAVersionWhenTheRotateActionFallsDue() {
    keys.create("auto", new VaultKeys.CreateRequest("RSA", 2048, 0, List.of(), true, null, null, Map.of()));
    keys.setRotationPolicy("auto", new RotationPolicy(List.of(RotationPolicy.LifetimeAction.rotateAfterCreate(Period.ofDays(90))),
        Optional.of(Period.ofYears(1)), T0, T0));

    now[0] = T0.plus(Duration.ofDays(89));
    assertThat(keys.active("auto").versions()).hasSize(1);

    now[0] = T0.plus(Duration.ofDays(91));
    List<KeyVersion> versions = keys.active("auto").versions();
    assertThat(versions).hasSize(2);
    assertThat(versions.get(1).created()).isEqualTo(T0.plus(Duration.ofDays(90)));
    assertThat(versions.get(1).expires()).isEqualTo(Instant.parse("2027-04-01T00:00:00Z"));
    assertThat(versions.get(1).publicKey()).isNotEqualTo(versions.get(0).publicKey());

    now[0] = T0.plus(Duration.ofDays(181));
    assertThat(keys.active("auto").versions()).hasSize(3);
  }

  @Test
  void aNotifyOnlyPolicyAddsNothing() {
    keys.create("notified", new VaultKeys.CreateRequest("RSA", 2048, 0, List.of(), true, null, T0.plus(Duration.ofDays(60)), Map.of()));
    keys.setRotationPolicy("notified", new RotationPolicy(List.of(RotationPolicy.LifetimeAction.notifyBeforeExpiry(Period.ofDays(30))),
        Optional.empty(), T0, T0));

    now[0] = T0.plus(Duration.ofDays(365));

    assertThat(keys.active("notified").versions()).hasSize(1);
  }

  @Test
  void refusesTriggersShorterThanSevenDaysAndExpiriesShorterThan28() {
    assertThatThrownBy(() -> RotationPolicy.LifetimeAction.rotateAfterCreate(Period.ofDays(6))).isInstanceOf(VaultError.class);
    assertThatThrownBy(() -> new RotationPolicy(List.of(), Optional.of(Period.ofDays(27)), T0, T0)).isInstanceOf(VaultError.class);
  }
}
