package io.keyrotation.operator.principal;

import static io.keyrotation.operator.testing.SpecProblemAssertions.assertHasProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.testing.Examples;
import io.keyrotation.operator.validation.SpecProblem;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServicePrincipalRotationValidatorTest {
  static final String EXAMPLE = "serviceprincipalrotation.yaml";
  final ServicePrincipalRotationValidator validator = new ServicePrincipalRotationValidator();

  @Test
  void acceptsTheExample() {
    assertThat(validator.validate(Examples.load(EXAMPLE, ServicePrincipalRotation.class).getSpec())).isEmpty();
  }

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        Arguments.of("rotating before a lifetime's end that is shorter than the lead", "rotateBefore: P30D", "rotateBefore: P400D",
            "spec.rotateBefore", "shorter than spec.secretLifetime"),
        Arguments.of("a grace period that outlasts the secret", "gracePeriod: P7D", "gracePeriod: P340D",
            "spec.gracePeriod", "still be waiting for removal"),
        Arguments.of("a secret lifetime past any end date Graph stores", "secretLifetime: P365D", "secretLifetime: P999999999Y",
            "spec.secretLifetime", "longer than 100 years"),
        Arguments.of("a secret that lives less than a day", "secretLifetime: P365D", "secretLifetime: PT12H",
            "spec.secretLifetime", "at least P1D"),
        Arguments.of("the same credential twice on one instance", "          - TDE_CRED_sales-tde-20261123\n",
            "          - TDE_CRED_sales-tde-20261123\n          - TDE_CRED_sales-tde-20261123\n",
            "spec.targets.sqlServerCredentials[0].credentialNames[1]", "'TDE_CRED_sales-tde-20261123' repeats credentialNames[0]"),
        Arguments.of("a credential name with a trailing blank", "          - TDE_CRED_sales-tde-20261123\n",
            "          - 'TDE_CRED_sales-tde-20261123 '\n",
            "spec.targets.sqlServerCredentials[0].credentialNames[0]", "no blank at its start or end"),
        Arguments.of("the same Secret key twice", "      - name: ekm-service-principal\n        key: clientSecret\n",
            "      - name: ekm-service-principal\n        key: clientSecret\n      - name: ekm-service-principal\n",
            "spec.targets.kubernetesSecrets[1]", "'ekm-service-principal/clientSecret' repeats kubernetesSecrets[0]"),
        Arguments.of("no application id", "  application:\n    clientId: 9f2b1c4e-5d6a-4b7c-8e9f-0a1b2c3d4e5f\n", "  application: {}\n",
            "spec.application", "clientId or objectId is required"),
        Arguments.of("Graph credentials of type ClientSecret without a Secret", "  targets:", "  graphCredentials:\n    type: ClientSecret\n  targets:",
            "spec.graphCredentials.secretRef", "required when type is ClientSecret"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void refusesWithTheFieldAndWhatToFix(String caseName, String from, String to, String field, String message) {
    var rotation = Examples.edited(EXAMPLE, ServicePrincipalRotation.class, from, to);
    assertHasProblem(caseName, validator.validate(rotation.getSpec()), field, message);
  }

  @Test
  void refusesARotationWithoutTargets() {
    String text = Examples.text(EXAMPLE);
    String withoutTargets = text.substring(0, text.indexOf("  targets:")) + "  targets: {}\n";
    var rotation = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(withoutTargets, ServicePrincipalRotation.class);
    assertThat(validator.validate(rotation.getSpec())).extracting(SpecProblem::field).containsExactly("spec.targets");
  }
}
