package io.keyrotation.operator.principal;

import io.keyrotation.operator.api.common.NameRules;
import io.keyrotation.operator.api.principal.RotationTargets;
import io.keyrotation.operator.api.principal.ServicePrincipalRotationSpec;
import io.keyrotation.operator.schedule.IsoDuration;
import io.keyrotation.operator.validation.AzureCredentialsCheck;
import io.keyrotation.operator.validation.SpecProblem;
import io.keyrotation.operator.validation.SpecProblems;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The checks on a ServicePrincipalRotation spec that its schema cannot express; pure, no external calls. */
public final class ServicePrincipalRotationValidator {

  public List<SpecProblem> validate(ServicePrincipalRotationSpec spec) {
    SpecProblems problems = new SpecProblems();
    if (spec == null) {
      problems.add("spec", "is required");
      return problems.list();
    }
    if (spec.tenantId() == null) {
      problems.add("spec.tenantId", "is required");
    }
    if (spec.application() == null || spec.application().clientId() == null && spec.application().objectId() == null) {
      problems.add("spec.application", "clientId or objectId is required");
    } else if (spec.application().clientId() == null) {
      problems.add("spec.application.clientId", "is required to rotate: Microsoft Graph is addressed by the application's client id "
          + "(applications(appId='...')), and every SQL Server credential secret begins with it");
    }
    checkTiming(problems, spec);
    if (spec.verification() != null) {
      // A key the connector's credentials use: the connector's rule, not Key Vault's wider one.
      problems.name("spec.verification.keyName", spec.verification().keyName(), NameRules.CONNECTOR_KEY_NAME);
    }
    checkTargets(problems, spec.targets());
    AzureCredentialsCheck.check(problems, "spec.graphCredentials", spec.graphCredentials());
    return problems.list();
  }

  private static void checkTiming(SpecProblems problems, ServicePrincipalRotationSpec spec) {
    Optional<IsoDuration> lifetime = problems.durationAtLeast("spec.secretLifetime", spec.secretLifetime(),
        Duration.ofDays(1), "a secret must live long enough to be rolled out");
    Optional<IsoDuration> before = problems.duration("spec.rotateBefore", spec.rotateBefore());
    Optional<IsoDuration> grace = problems.duration("spec.gracePeriod", spec.gracePeriod());
    if (lifetime.isEmpty() || before.isEmpty()) {
      return;
    }
    Duration life = SpecProblems.length(lifetime.get());
    Duration lead = SpecProblems.length(before.get());
    if (lead.compareTo(life) >= 0) {
      problems.add("spec.rotateBefore", "must be shorter than spec.secretLifetime, or every new secret would be due for rotation at once");
      return;
    }
    if (grace.isPresent() && SpecProblems.length(grace.get()).compareTo(life.minus(lead)) >= 0) {
      problems.add("spec.gracePeriod", "must be shorter than spec.secretLifetime minus spec.rotateBefore, "
          + "or the old secret would still be waiting for removal when the next rotation is due");
    }
  }

  private static void checkTargets(SpecProblems problems, RotationTargets targets) {
    if (targets == null || targets.sqlServerCredentials().isEmpty() && targets.kubernetesSecrets().isEmpty()) {
      problems.add("spec.targets", "at least one target is required: sqlServerCredentials or kubernetesSecrets");
      return;
    }
    problems.unique("spec.targets.sqlServerCredentials", targets.sqlServerCredentials(),
        t -> t.instance().name(), ".instance.name", "instance names");
    problems.unique("spec.targets.sqlServerCredentials", targets.sqlServerCredentials(),
        t -> String.valueOf(t.instance().host()).toLowerCase(Locale.ROOT) + ":" + t.instance().port(), ".instance.host",
        "instance addresses (host:port, host names compare case-insensitively)");
    for (int i = 0; i < targets.sqlServerCredentials().size(); i++) {
      String field = "spec.targets.sqlServerCredentials[" + i + "].credentialNames";
      List<String> names = targets.sqlServerCredentials().get(i).credentialNames();
      problems.names(field, names, NameRules.SQL_NAME);
      problems.unique(field, names, n -> n, "", "credential names");
    }
    problems.unique("spec.targets.kubernetesSecrets", targets.kubernetesSecrets(),
        s -> s.name() + "/" + s.key(), "", "Secret name and key pairs");
  }
}
