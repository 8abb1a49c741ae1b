package io.keyrotation.operator.keyvault;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.net.URI;

/**
 * The Azure AD credential of an identity, for every Azure client the operator builds (Key Vault, Blob Storage,
 * Graph): a client secret from a Kubernetes Secret, or else the default chain (workload or managed identity),
 * both signing in at the configured authority host, as a national cloud needs; their token requests carry the
 * operator's User-Agent.
 */
public final class AzureCredentials {
  private AzureCredentials() {}

  public static TokenCredential of(AzureIdentity identity, URI authorityHost, boolean disableInstanceDiscovery,
      HttpClient httpClient, OperatorUserAgentPolicy userAgent) {
    String authority = authorityHost.toString();
    if (identity instanceof AzureIdentity.ClientSecret secret) {
      ClientSecretCredentialBuilder builder = new ClientSecretCredentialBuilder().authorityHost(authority)
          .tenantId(secret.tenantId()).clientId(secret.clientId()).clientSecret(secret.secret()).httpClient(httpClient)
          .addPolicy(userAgent);
      if (disableInstanceDiscovery) {
        builder.disableInstanceDiscovery();
      }
      return builder.build();
    }
    DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder().authorityHost(authority).httpClient(httpClient)
        .addPolicy(userAgent);
    if (disableInstanceDiscovery) {
      builder.disableInstanceDiscovery();
    }
    return builder.build();
  }
}
