package io.keyrotation.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.sandbox.IssuedSecrets;
import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.ekm.KeyVaultEkmDirectory;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.KeyView;
import io.keyrotation.sandbox.keyvault.SandboxVaults;
import io.keyrotation.sandbox.sqlserver.engine.CachedEkmSecret;
import io.keyrotation.sandbox.sqlserver.engine.EkmKeyReference;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The key-safety promise checked on the stand-ins' state (never on the operator's status): every
 * database's DEK, and every log VLF, is encrypted by an asymmetric key registered on that instance
 * (so on every replica of an availability group, which share the DEK), whose vault key exists in the
 * vault its credential names, enabled and not deleted or purged; every client secret an instance's
 * EKM connector still uses (its cache) is still a secret of the application; no secret a stand-in
 * issued appears in any custom resource's status or any Event (the EKM-cache rule is waived for an
 * application whose ServicePrincipalRotation says {@code sqlServerRestart: Ignore}: its spec accepts that risk). With an {@link ArchiveAudit}, archived
 * backups too (read from Blob Storage, matched on the blobs' metadata): once a VaultBackupSchedule has
 * archived keys of a vault, every key version a DEK or VLF of that vault uses and the schedule selects has
 * an archived backup; and a key a retained archive holds that is gone from its source vault (purged) has
 * a copy: the archive still verifies (length and SHA-256), or another vault holds the key with those
 * versions. (What is provable: an archive is the copy; whether Key Vault would restore it is the restore
 * drill's and the disaster test's to show.)
 */
public final class KeySafetyInvariants {
  private final Collection<SqlServerInstance> instances;
  private final KeyVaultEkmDirectory vaults;
  private final AppRegistry applications;
  private final KubernetesClient kubernetes;
  private final SandboxVaults allVaults;
  private final ArchiveAudit archives;
  private final List<java.net.URI> moreContainers;

  /** Without archive checks (no Blob Storage in the test). */
  public KeySafetyInvariants(Collection<SqlServerInstance> instances, SandboxVaults vaults, AppRegistry applications,
      KubernetesClient kubernetes) {
    this(instances, vaults, applications, kubernetes, null);
  }

  public KeySafetyInvariants(Collection<SqlServerInstance> instances, SandboxVaults vaults, AppRegistry applications,
      KubernetesClient kubernetes, ArchiveAudit archives) {
    this(instances, vaults, applications, kubernetes, archives, List.of());
  }

  /**
   * @param kubernetes null where a test has no Kubernetes (then no status, Event or schedule is looked at)
   * @param moreContainers Blob containers holding archives beside those the VaultBackupSchedules name (a test that
   *     runs backups without Kubernetes)
   */
  public KeySafetyInvariants(Collection<SqlServerInstance> instances, SandboxVaults vaults, AppRegistry applications,
      KubernetesClient kubernetes, ArchiveAudit archives, List<java.net.URI> moreContainers) {
    this.moreContainers = List.copyOf(moreContainers);
    this.instances = List.copyOf(instances);
    this.vaults = new KeyVaultEkmDirectory(vaults);
    this.allVaults = vaults;
    this.applications = applications;
    this.kubernetes = kubernetes;
    this.archives = archives;
  }

  public void assertHold() {
    assertThat(violations()).as("key safety invariants").isEmpty();
  }

  public List<String> violations() {
    List<String> violations = new ArrayList<>();
    java.util.Set<String> waived = restartsWaived();
    for (SqlServerInstance instance : instances) {
      instance.keyReferences().forEach(r -> checkKey(r, violations));
      instance.cachedEkmSecrets().stream().filter(c -> !waived.contains(c.clientId().toLowerCase(java.util.Locale.ROOT)))
          .forEach(c -> checkCachedSecret(c, violations));
    }
    if (kubernetes != null) {
      checkNoSecretIn("status or Event", resourcesAndEvents(), violations);
    }
    if (archives != null) {
      new ArchiveInvariants(archives, allVaults, vaults, kubernetes, moreContainers).check(instances, violations);
    }
    return violations;
  }

  private void checkKey(EkmKeyReference ref, List<String> violations) {
    String what = ref.usedBy() + " of database " + ref.database() + " on " + ref.instance();
    if (ref.asymmetricKey() == null) {
      violations.add(what + " is encrypted by thumbprint " + ref.thumbprint()
          + ", which no asymmetric key on that instance has (not registered on this replica)");
      return;
    }
    if (ref.vaultIdentity() == null) {
      violations.add(what + ": no credential of the login mapped to " + ref.asymmetricKey() + " names a vault");
      return;
    }
    Optional<KeyVaultStandIn> vault = vaults.resolve(ref.vaultIdentity());
    if (vault.isEmpty()) {
      violations.add(what + ": vault '" + ref.vaultIdentity() + "' does not exist");
      return;
    }
    String versioned = ref.keyName() + "/" + ref.keyVersion();
    if (vault.get().isSoftDeleted(ref.keyName())) {
      violations.add(what + ": key " + ref.keyName() + " was deleted from vault " + vault.get().name());
      return;
    }
    Optional<KeyView> key = vault.get().findKey(versioned);
    if (key.isEmpty()) {
      violations.add(what + ": key " + versioned + " is gone from vault " + vault.get().name() + " (purged)");
    } else if (!key.get().enabled()) {
      violations.add(what + ": key " + versioned + " is disabled in vault " + vault.get().name());
    }
  }

  /**
   * Applications whose ServicePrincipalRotation says {@code sqlServerRestart: Ignore}: the user accepted there that
   * the old secret goes while SQL Server may still cache it (its spec says so), so the EKM-cache rule is waived for them.
   */
  private java.util.Set<String> restartsWaived() {
    if (kubernetes == null) {
      return java.util.Set.of();
    }
    return kubernetes.resources(ServicePrincipalRotation.class).inAnyNamespace().list().getItems().stream()
        .filter(r -> r.getSpec() != null && r.getSpec().sqlServerRestart()
            == io.keyrotation.operator.api.principal.ServicePrincipalRotationSpec.SqlServerRestart.Ignore)
        .filter(r -> r.getSpec().application() != null && r.getSpec().application().clientId() != null)
        .map(r -> r.getSpec().application().clientId().toLowerCase(java.util.Locale.ROOT))
        .collect(java.util.stream.Collectors.toSet());
  }

    private void checkCachedSecret(CachedEkmSecret cached, List<String> violations) {
    if (!applications.holdsSecret(cached.clientId(), cached.clientSecret())) {
      violations.add(cached.instance() + " still uses (EKM cache, credential " + cached.credential()
          + ") a client secret that application " + cached.clientId() + " no longer has");
    }
  }

  private List<String> resourcesAndEvents() {
    List<String> texts = new ArrayList<>();
    for (var kind : List.of(TdeKeyPolicy.class, VaultBackupSchedule.class, ServicePrincipalRotation.class)) {
      kubernetes.resources(kind).inAnyNamespace().list().getItems()
          .forEach(r -> texts.add(r.getKind() + " " + r.getMetadata().getNamespace() + "/"
              + r.getMetadata().getName() + " status\n" + Serialization.asJson(r.getStatus())));
    }
    kubernetes.v1().events().inAnyNamespace().list().getItems()
        .forEach(e -> texts.add("Event " + e.getMetadata().getNamespace() + "/" + e.getMetadata().getName() + "\n"
            + Serialization.asJson(e)));
    return texts;
  }

  private static void checkNoSecretIn(String where, List<String> texts, List<String> violations) {
    for (String text : texts) {
      for (String secret : IssuedSecrets.values()) {
        if (text.contains(secret)) {
          violations.add("a secret a stand-in issued appears in a " + where + ": " + text.lines().findFirst().orElse(""));
        }
      }
    }
  }
}
