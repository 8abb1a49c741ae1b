package io.keyrotation.operator.keyvault;

import java.util.Objects;

/**
 * Who the operator is when it calls Key Vault: the default credential chain (workload identity,
 * managed identity, environment) or a service principal's client secret read from a Kubernetes
 * Secret. {@link #toString()} never shows the secret.
 */
public sealed interface AzureIdentity {

  static AzureIdentity defaultChain() {
    return DefaultChain.INSTANCE;
  }

  static AzureIdentity clientSecret(String tenantId, String clientId, String secret) {
    return new ClientSecret(tenantId, clientId, secret);
  }

  /** {@code DefaultAzureCredential}: workload identity, managed identity, environment variables, ... */
  final class DefaultChain implements AzureIdentity {
    static final DefaultChain INSTANCE = new DefaultChain();

    private DefaultChain() {}

    @Override
    public String toString() {
      return "DefaultAzureCredential";
    }
  }

  /** A service principal with a client secret. Equal identities share one cached client. */
  record ClientSecret(String tenantId, String clientId, String secret) implements AzureIdentity {
    public ClientSecret {
      Objects.requireNonNull(tenantId, "tenantId");
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(secret, "secret");
      if (tenantId.isBlank() || clientId.isBlank() || secret.isBlank()) {
        throw new IllegalArgumentException("tenant id, client id and client secret must not be blank");
      }
    }

    @Override
    public String toString() {
      return "ClientSecret[tenantId=" + tenantId + ", clientId=" + clientId + ", secret=<redacted>]";
    }
  }
}
