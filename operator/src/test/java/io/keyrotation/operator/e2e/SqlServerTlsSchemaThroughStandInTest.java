package io.keyrotation.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.keyrotation.operator.testing.Examples;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A SQL Server instance's host and TLS settings as the API server (the stand-in's admission) takes them: IP
 * addresses of both families and wildcard certificate names are accepted; a CA reference must name exactly one
 * source and cannot go with trustServerCertificate.
 */
class SqlServerTlsSchemaThroughStandInTest {
  static final String HOST = "host: sql-0.sql.tde-demo.svc";
  static final String CA_REF = "configMapName: sql-server-ca";
  static KubernetesStandIn kubernetes;

  @BeforeAll
  static void start() {
    kubernetes = KubernetesStandIn.start();
    kubernetes.applyCrds(Path.of("../crds"));
  }

  @AfterAll
  static void stop() {
    kubernetes.close();
  }

  private static GenericKubernetesResource policy(String name, String from, String to) {
    GenericKubernetesResource resource = Examples.edited("tdekeypolicy.yaml", GenericKubernetesResource.class, from, to);
    resource.getMetadata().setName(name);
    return resource;
  }

  private static List<StatusCause> refusal(GenericKubernetesResource resource) {
    KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
        () -> kubernetes.client().resource(resource).create());
    assertThat(refused).as("%s should be refused", resource.getMetadata().getName()).isNotNull();
    assertThat(refused.getStatus().getCode()).isEqualTo(422);
    return refused.getStatus().getDetails().getCauses();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"::1\"", "\"fd00::2\"", "\"2001:db8:0:0:0:0:0:7\"", "10.0.0.4", "sql-0"})
  void acceptsHostNamesAndIpAddressesOfBothFamilies(String host) {
    String name = "host-" + Integer.toHexString(host.hashCode());
    assertThat(kubernetes.client().resource(policy(name, HOST, "host: " + host)).create()).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"[::1]\"", "\"sql-0:1433\"", "\"*.contoso.com\"", "\"sql 0\"", "-sql"})
  void refusesHostsThatAreNeitherANameNorAnAddress(String host) {
    List<StatusCause> causes = refusal(policy("bad-host-" + Integer.toHexString(host.hashCode()), HOST, "host: " + host));
    assertThat(causes).singleElement().satisfies(c -> assertThat(c.getField()).isEqualTo("spec.sqlServer.instances[0].host"));
  }

  @Test
  void acceptsAWildcardHostNameInCertificate() {
    GenericKubernetesResource resource = policy("wildcard", "# hostNameInCertificate:", "hostNameInCertificate:");
    assertThat(kubernetes.client().resource(resource).create()).isNotNull();
  }

  @Test
  void refusesAWildcardThatIsNotTheFirstLabel() {
    List<StatusCause> causes = refusal(policy("inner-wildcard", "# hostNameInCertificate: \"*.sql.tde-demo.svc\"",
        "hostNameInCertificate: \"sql.*.tde-demo.svc\""));
    assertThat(causes).singleElement()
        .satisfies(c -> assertThat(c.getField()).isEqualTo("spec.sqlServer.instances[0].tls.hostNameInCertificate"));
  }

  @Test
  void refusesACaReferenceToBothAConfigMapAndASecret() {
    List<StatusCause> causes = refusal(policy("two-cas", CA_REF,
        CA_REF + "\n            secretName: sql-server-tls"));
    assertThat(causes).singleElement().satisfies(c -> assertThat(c.getMessage())
        .contains("set exactly one of configMapName or secretName"));
  }

  @Test
  void refusesACaReferenceCombinedWithTrustServerCertificate() {
    List<StatusCause> causes = refusal(policy("ca-and-trust", "encrypt: Mandatory ",
        "trustServerCertificate: true\n          encrypt: Mandatory "));
    assertThat(causes).singleElement().satisfies(c -> assertThat(c.getMessage())
        .contains("caCertificateRef has no effect with trustServerCertificate"));
  }
}
