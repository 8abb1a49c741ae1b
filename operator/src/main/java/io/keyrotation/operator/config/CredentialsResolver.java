package io.keyrotation.operator.config;

import io.keyrotation.operator.api.common.AzureCredentials;
import io.keyrotation.operator.api.common.CaCertificateRef;
import io.keyrotation.operator.api.common.ClientSecretRef;
import io.keyrotation.operator.api.common.LoginSecretRef;
import io.keyrotation.operator.api.common.SqlServerInstance;
import io.keyrotation.operator.api.common.SqlServerTls;
import io.keyrotation.operator.keyvault.AzureIdentity;
import io.keyrotation.operator.sqlserver.EkmCredentialSecret;
import io.keyrotation.operator.sqlserver.SqlAuthentication;
import io.keyrotation.operator.sqlserver.SqlServerEndpoint;
import io.keyrotation.operator.sqlserver.TrustedCas;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

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
    Map<String, String> values = secrets.values(namespace, ref.name(),
        List.of(ref.tenantIdKey(), ref.clientIdKey(), ref.clientSecretKey()));
    return AzureIdentity.clientSecret(values.get(ref.tenantIdKey()), values.get(ref.clientIdKey()),
        values.get(ref.clientSecretKey()));
  }

  /** How the operator logs in to one SQL Server instance, with the CA it trusts for it (read and parsed here). */
  public SqlServerEndpoint sqlServerEndpoint(String namespace, String providerName, SqlServerInstance instance) {
    LoginSecretRef login = instance.loginSecretRef();
    Map<String, String> values = secrets.values(namespace, login.name(), List.of(login.usernameKey(), login.passwordKey()));
    SqlServerTls tls = instance.tls();
    return SqlServerEndpoint.of(instance.name(), instance.host(),
            SqlAuthentication.valueOf(instance.authentication().name()),
            values.get(login.usernameKey()), values.get(login.passwordKey()))
        .withPort(instance.port())
        .withTls(new SqlServerEndpoint.Tls(SqlServerEndpoint.EncryptMode.valueOf(tls.encrypt().name()),
            tls.trustServerCertificate(), tls.hostNameInCertificate(), null,
            trustedCas(namespace, tls.caCertificateRef())))
        .withEkmProvider(providerName);
  }

  /** The SECRET of the EKM credential SQL Server uses: the connector's client id and secret from the Secret {@code ref} names. */
  public EkmCredentialSecret ekmCredentialSecret(String namespace, ClientSecretRef ref) {
    Map<String, String> values = secrets.values(namespace, ref.name(), List.of(ref.clientIdKey(), ref.clientSecretKey()));
    return EkmCredentialSecret.of(values.get(ref.clientIdKey()), values.get(ref.clientSecretKey()));
  }

  private List<X509Certificate> trustedCas(String namespace, CaCertificateRef ref) {
    if (ref == null) {
      return List.of();
    }
    String pem = ref.configMapName() != null
        ? secrets.configMapValue(namespace, ref.configMapName(), ref.key())
        : secrets.values(namespace, ref.secretName(), List.of(ref.key())).get(ref.key());
    return TrustedCas.parsePem(pem, "tls.caCertificateRef (" + ref.describe(namespace) + ")");
  }
}
