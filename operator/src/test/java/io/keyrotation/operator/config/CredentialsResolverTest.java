package io.keyrotation.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.keyrotation.operator.api.common.AzureCredentials;
import io.keyrotation.operator.api.common.CaCertificateRef;
import io.keyrotation.operator.api.common.ClientSecretRef;
import io.keyrotation.operator.api.common.SqlServerInstance;
import io.keyrotation.operator.api.common.SqlServerTls;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.keyvault.AzureIdentity;
import io.keyrotation.operator.sqlserver.SqlAuthentication;
import io.keyrotation.operator.sqlserver.SqlServerEndpoint;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.operator.testing.ApiCall;
import io.keyrotation.operator.testing.AuditedClient;
import io.keyrotation.operator.testing.Examples;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The examples' Secrets, applied as a user applies them, read into what the gateways take. */
class CredentialsResolverTest {
  static KubernetesStandIn kubernetes;
  static CredentialsResolver resolver;

  @BeforeAll
  static void start() {
    kubernetes = KubernetesStandIn.start();
    kubernetes.client().load(new ByteArrayInputStream(
        Examples.text("00-namespace-and-secrets.yaml").getBytes(StandardCharsets.UTF_8))).createOrReplace();
    resolver = new CredentialsResolver(new SecretReader(kubernetes.client()));
  }

  @AfterAll
  static void stop() {
    kubernetes.close();
  }

  @Test
  void sqlServerLoginAndTlsComeFromTheInstanceAndItsSecret() {
    var spec = Examples.load("tdekeypolicy.yaml", TdeKeyPolicy.class).getSpec();

    SqlServerEndpoint endpoint = resolver.sqlServerEndpoint("tde-demo", spec.sqlServer().providerName(),
        spec.sqlServer().instances().get(0));

    assertThat(endpoint.name()).isEqualTo("sql-0");
    assertThat(endpoint.host()).isEqualTo("sql-0.sql.tde-demo.svc");
    assertThat(endpoint.port()).isEqualTo(1433);
    assertThat(endpoint.authentication()).isEqualTo(SqlAuthentication.SqlPassword);
    assertThat(endpoint.username()).isEqualTo("keyrotation");
    assertThat(endpoint.password()).isEqualTo("change-me-sql-password");
    assertThat(endpoint.tls().encrypt()).isEqualTo(SqlServerEndpoint.EncryptMode.Mandatory);
    assertThat(endpoint.tls().trustServerCertificate()).isFalse();
    assertThat(endpoint.tls().trustedCas()).singleElement().satisfies(ca ->
        assertThat(ca.getSubjectX500Principal().getName()).contains("CN=Contoso SQL Server CA (example)"));
    assertThat(endpoint.ekmProvider()).isEqualTo("EKM");
    assertThat(endpoint.toString()).doesNotContain("change-me-sql-password");
  }

  @Test
  void clientSecretCredentialsComeFromTheirSecret() {
    AzureIdentity identity = resolver.azureIdentity("tde-demo",
        new AzureCredentials(AzureCredentials.Type.ClientSecret, ClientSecretRef.named("ekm-service-principal")));

    assertThat(identity).isEqualTo(AzureIdentity.clientSecret(
        "00000000-1111-2222-3333-444444444444", "9f2b1c4e-5d6a-4b7c-8e9f-0a1b2c3d4e5f", "change-me-client-secret"));
    assertThat(identity.toString()).doesNotContain("change-me-client-secret");
  }

  @Test
  void readsEachSecretOnce() {
    AuditedClient audited = new AuditedClient(kubernetes.config());
    try {
      var spec = Examples.load("tdekeypolicy.yaml", TdeKeyPolicy.class).getSpec();
      var counting = new CredentialsResolver(new SecretReader(audited.client()));
      counting.sqlServerEndpoint("tde-demo", "EKM", spec.sqlServer().instances().get(0));
      counting.azureIdentity("tde-demo",
          new AzureCredentials(AzureCredentials.Type.ClientSecret, ClientSecretRef.named("ekm-service-principal")));

      assertThat(audited.calls()).extracting(ApiCall::verb, ApiCall::resource)
          .containsExactly(tuple("get", "secrets"), tuple("get", "configmaps"), tuple("get", "secrets"));
    } finally {
      audited.client().close();
    }
  }

  @Test
  void aPrivateCaComesFromASecretKeyToo() {
    kubernetes.client().resource(new SecretBuilder().withNewMetadata().withName("sql-server-tls")
        .withNamespace("tde-demo").endMetadata()
        .addToStringData("ca.crt", Examples.text("00-namespace-and-secrets.yaml").lines()
            .dropWhile(l -> !l.contains("BEGIN CERTIFICATE")).map(String::strip).collect(Collectors.joining("\n")))
        .build()).createOr(existing -> existing.update());

    SqlServerEndpoint endpoint = resolver.sqlServerEndpoint("tde-demo", "EKM",
        instanceTrusting(CaCertificateRef.secret("sql-server-tls")));

    assertThat(endpoint.tls().trustedCas()).singleElement().satisfies(ca ->
        assertThat(ca.getSubjectX500Principal().getName()).contains("Contoso SQL Server CA (example)"));
  }

  @Test
  void aCaKeyWithoutAPemCertificateIsInvalidSpecNamingTheKeyNotItsValue() {
    kubernetes.client().resource(new ConfigMapBuilder().withNewMetadata().withName("not-a-ca")
        .withNamespace("tde-demo").endMetadata().addToData("ca.crt", "sql-operator-login-password").build())
        .createOr(existing -> existing.update());

    assertThatThrownBy(() -> resolver.sqlServerEndpoint("tde-demo", "EKM",
        instanceTrusting(CaCertificateRef.configMap("not-a-ca"))))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.InvalidSpec);
          assertThat(e.getMessage()).contains("tls.caCertificateRef (ConfigMap tde-demo/not-a-ca key 'ca.crt')",
              "holds no PEM certificate").doesNotContain("sql-operator-login-password");
        });
  }

  @Test
  void aMissingCaConfigMapIsNotFound() {
    assertThatThrownBy(() -> resolver.sqlServerEndpoint("tde-demo", "EKM",
        instanceTrusting(CaCertificateRef.configMap("absent-ca"))))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.NotFound);
          assertThat(e.getMessage()).isEqualTo("ConfigMap tde-demo/absent-ca does not exist");
        });
  }

  private static SqlServerInstance instanceTrusting(CaCertificateRef ref) {
    SqlServerInstance example = Examples.load("tdekeypolicy.yaml", TdeKeyPolicy.class).getSpec().sqlServer()
        .instances().get(0);
    return new SqlServerInstance(example.name(), example.host(), example.port(),
        new SqlServerTls(SqlServerTls.Encrypt.Mandatory, false, null, ref), example.authentication(),
        example.loginSecretRef());
  }

  @Test
  void theDefaultChainReadsNoSecret() {
    assertThat(resolver.azureIdentity("no-such-namespace", AzureCredentials.defaultChain())).isEqualTo(AzureIdentity.defaultChain());
  }

  @Test
  void aMissingSecretOrKeyIsNamedWithoutAnyValue() {
    assertThatThrownBy(() -> resolver.azureIdentity("tde-demo",
        new AzureCredentials(AzureCredentials.Type.ClientSecret, ClientSecretRef.named("absent"))))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.NotFound);
          assertThat(e.getMessage()).isEqualTo("Secret tde-demo/absent does not exist");
        });
    assertThatThrownBy(() -> resolver.azureIdentity("tde-demo", new AzureCredentials(AzureCredentials.Type.ClientSecret,
        new ClientSecretRef("sql-operator-login", null, null, null))))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.getMessage()).isEqualTo("Secret tde-demo/sql-operator-login has no key 'tenantId' (or it is empty)");
          assertThat(e.getMessage()).doesNotContain("change-me");
        });
  }
}
