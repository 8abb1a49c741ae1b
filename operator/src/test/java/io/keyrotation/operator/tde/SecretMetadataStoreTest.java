package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The policies' Secret cache keeps what tells a change (name, version), never a value. */
class SecretMetadataStoreTest {
  private final SecretMetadataStore store = new SecretMetadataStore();

  @Test
  void keepsTheMetadataOfASecretAndNoneOfItsValues() {
    Secret secret = new SecretBuilder().withNewMetadata().withName("sql-login").withNamespace("db").withResourceVersion("42")
        .withAnnotations(Map.of("kubectl.kubernetes.io/last-applied-configuration", "{\"data\":{\"password\":\"c2VjcmV0LXZhbHVl\"}}"))
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").withOperation("Apply").build()).endMetadata()
        .withType("Opaque").withData(Map.of("password", "c2VjcmV0LXZhbHVl")).withStringData(Map.of("username", "sa")).build();

    store.put(store.getKey(secret), secret);

    Secret cached = store.get("db/sql-login");
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("42");
    assertThat(cached.getMetadata().getManagedFields()).isEmpty();
    assertThat(cached.getMetadata().getAnnotations()).isEmpty();
    assertThat(cached.getType()).isEqualTo("Opaque");
    assertThat(cached.getData()).isNullOrEmpty();
    assertThat(cached.getStringData()).isNullOrEmpty();
    assertThat(store.values()).containsExactly(cached);
    assertThat(secret.getData()).as("the informer's own object is left as it came").containsKey("password");
  }

  @Test
  void forgetsARemovedSecret() {
    Secret secret = new SecretBuilder().withNewMetadata().withName("ekm").withNamespace("db").withResourceVersion("1").endMetadata()
        .build();
    store.put(store.getKey(secret), secret);

    store.remove("db/ekm");

    assertThat(store.size()).isZero();
    assertThat(store.get("db/ekm")).isNull();
  }
}
