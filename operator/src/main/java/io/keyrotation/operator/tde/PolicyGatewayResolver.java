package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.common.AzureCredentials;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.operator.config.CredentialsResolver;
import io.keyrotation.operator.keyvault.EkmIdentity;
import io.keyrotation.operator.keyvault.KeyVaultGateway;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.operator.keyvault.KeyVaultGateways;
import io.keyrotation.operator.sqlserver.EkmCredentialSecret;
import io.keyrotation.operator.sqlserver.SqlServerGatewayFactory;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** Builds a policy's gateways from its spec and the Secrets it names, on every reconcile (Secrets may change). */
public class PolicyGatewayResolver {
  private final CredentialsResolver credentials;
  private final KeyVaultGateways vaults;
  private final SqlServerGatewayFactory sqlServers;

  public PolicyGatewayResolver(CredentialsResolver credentials, KeyVaultGateways vaults, SqlServerGatewayFactory sqlServers) {
    this.credentials = credentials;
    this.vaults = vaults;
    this.sqlServers = sqlServers;
  }

  public PolicyGateways resolve(TdeKeyPolicy policy) {
    String namespace = policy.getMetadata().getNamespace();
    TdeKeyPolicySpec spec = policy.getSpec();
    var vault = vaults.gatewayFor(URI.create(spec.vault().url()), credentials.azureIdentity(namespace, spec.azureCredentials()));
    List<PolicyGateways.Instance> instances = spec.sqlServer().instances().stream()
        .map(i -> new PolicyGateways.Instance(i.name(),
            sqlServers.create(credentials.sqlServerEndpoint(namespace, spec.sqlServer().providerName(), i))))
        .toList();
    Supplier<EkmCredentialSecret> secret = memoised(
        () -> credentials.ekmCredentialSecret(namespace, spec.ekmCredential().servicePrincipalSecretRef()));
    Supplier<KeyVaultGateway> asConnector = memoised(() -> vaults.gatewayFor(URI.create(spec.vault().url()),
        credentials.azureIdentity(namespace, new AzureCredentials(AzureCredentials.Type.ClientSecret,
            spec.ekmCredential().servicePrincipalSecretRef()))));
    String managedIdentityCredential = spec.ekmCredential().usesManagedIdentity() ? managedIdentityCredentialName(spec) : null;
    if (managedIdentityCredential == null) {
      // read now, like the other Secrets: a missing or incomplete one is reported before any external call
      secret.get();
    }
    return new PolicyGateways(vault, instances, credentialIdentity(spec), secret, asConnector, managedIdentityCredential);
  }

  /** The EKM credential's IDENTITY: as the spec says, else derived from the vault URL (see {@link EkmIdentity}). */
  static String credentialIdentity(TdeKeyPolicySpec spec) {
    return EkmIdentity.forCredential(spec.vault().url(), spec.ekmCredential().identity())
        .orElseThrow(() -> new GatewayException(FailureReason.InvalidSpec, "spec.ekmCredential.identity is required: "
            + spec.vault().url() + " is not a Key Vault endpoint of a known cloud, so the credential's IDENTITY cannot be derived."));
  }

  /**
   * A managed identity credential is named after the vault's DNS name ({@code [<akv-name>.vault.azure.net]},
   * "Managed Identity support for Extensible Key Management with Azure Key Vault", learn.microsoft.com): the
   * vault URL's host when its first label is the vault name, else {@code <identity>.vault.azure.net} (a private
   * endpoint or the sandbox). In Azure Government and China, and for a Managed HSM, the IDENTITY is already the host.
   */
  static String managedIdentityCredentialName(TdeKeyPolicySpec spec) {
    String host = URI.create(spec.vault().url()).getHost().toLowerCase(Locale.ROOT);
    String identity = credentialIdentity(spec).toLowerCase(Locale.ROOT);
    if (identity.contains(".")) {
      return identity;
    }
    return host.startsWith(identity + ".") ? host : identity + ".vault.azure.net";
  }

  private static <T> Supplier<T> memoised(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }
}
