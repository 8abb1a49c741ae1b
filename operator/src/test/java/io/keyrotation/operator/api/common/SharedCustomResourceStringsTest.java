package io.keyrotation.operator.api.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.CustomResource;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Two objects of a kind hold the same copy of each string fabric8 computes per object, with the same values. */
class SharedCustomResourceStringsTest {

  @Test
  void everyFieldFabric8ComputesPerObjectIsFound() {
    assertThat(SharedCustomResourceStrings.sharedFieldNames())
        .containsExactly("apiVersion", "singular", "plural", "crdName", "scope");
  }

  @Test
  void twoObjectsOfEachKindShareTheirStrings() {
    List<Supplier<CustomResource<?, ?>>> kinds = List.of(TdeKeyPolicy::new, VaultBackupSchedule::new, ServicePrincipalRotation::new);
    for (Supplier<CustomResource<?, ?>> kind : kinds) {
      CustomResource<?, ?> first = kind.get();
      CustomResource<?, ?> second = kind.get();
      assertThat(first.getApiVersion()).isEqualTo("keyrotation.io/v1alpha1").isSameAs(second.getApiVersion());
      assertThat(first.getSingular()).isSameAs(second.getSingular());
      assertThat(first.getPlural()).isSameAs(second.getPlural());
      assertThat(first.getCRDName()).isEqualTo(first.getPlural() + ".keyrotation.io").isSameAs(second.getCRDName());
      assertThat(first.getScope()).isEqualTo("Namespaced").isSameAs(second.getScope());
    }
    assertThat(new TdeKeyPolicy().getPlural()).isEqualTo("tdekeypolicies");
    assertThat(new VaultBackupSchedule().getSingular()).isEqualTo("vaultbackupschedule");
  }
}
