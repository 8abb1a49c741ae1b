package io.keyrotation.operator.config;

import io.keyrotation.operator.api.common.AzureCredentials;
import io.keyrotation.operator.api.common.ClientSecretRef;
import io.keyrotation.operator.api.common.LoginSecretRef;
import io.keyrotation.operator.api.common.SqlServerInstance;
import io.keyrotation.operator.api.common.SqlServerTls;
import io.keyrotation.operator.keyvault.AzureIdentity;
import io.keyrotation.operator.sqlserver.SqlAuthentication;
import io.keyrotation.operator.sqlserver.SqlServerEndpoint;

/** Turns what a custom resource says about credentials into what the gateways take, reading the Secrets it names. */
public class CredentialsResolver {
  private final SecretReader secrets;

  public CredentialsResolver(SecretReader secrets) {
    this.secrets = secrets;
  }

  /** The operator's own identity towards Azure (Key Vault, Graph) for a resource in {@code namespace}. */
  public AzureIdentity azureIdentity(String namespace, AzureCredentials credentials) {
    if (credentials.type() == AzureCredentials.Type.Default) {
      return AzureIdentity.defaultChain();
    }
    ClientSecretRef ref = credentials.secretRef();
    return AzureIdentity.clientSecret(
        secrets.value(namespace, ref.name(), ref.tenantIdKey()),
        secrets.value(namespace, ref.name(), ref.clientIdKey()),
        secrets.value(namespace, ref.name(), ref.clientSecretKey()));
  }

  /** How the operator logs in to one SQL Server instance. */
  public SqlServerEndpoint sqlServerEndpoint(String namespace, String providerName, SqlServerInstance instance) {
    LoginSecretRef login = instance.loginSecretRef();
    SqlServerTls tls = instance.tls();
    return SqlServerEndpoint.of(instance.name(), instance.host(),
            SqlAuthentication.valueOf(instance.authentication().name()),
            secrets.value(namespace, login.name(), login.usernameKey()),
            secrets.value(namespace, login.name(), login.passwordKey()))
        .withPort(instance.port())
        .withTls(new SqlServerEndpoint.Tls(SqlServerEndpoint.EncryptMode.valueOf(tls.encrypt().name()),
            tls.trustServerCertificate(), tls.hostNameInCertificate(), null))
        .withEkmProvider(providerName);
  }
}
