package io.keyrotation.operator.tde;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.status.ReconcileErrors;
import io.keyrotation.operator.status.SpecConditions;
import io.keyrotation.operator.status.StatusWriter;
import io.keyrotation.operator.validation.SpecProblem;
import java.time.Clock;
import java.util.List;

@ControllerConfiguration(name = TdeKeyPolicyReconciler.NAME)
public class TdeKeyPolicyReconciler implements Reconciler<TdeKeyPolicy> {
  public static final String NAME = "tdekeypolicy";

  private final TdeKeyPolicyValidator validator = new TdeKeyPolicyValidator();
  private final StatusWriter statusWriter;
  private final ReconcileErrors errors;
  private final Clock clock;

  public TdeKeyPolicyReconciler(StatusWriter statusWriter, Clock clock) {
    this.statusWriter = statusWriter;
    this.errors = new ReconcileErrors(statusWriter);
    this.clock = clock;
  }

  @Override
  public UpdateControl<TdeKeyPolicy> reconcile(TdeKeyPolicy policy, Context<TdeKeyPolicy> context) {
    var status = new TdeKeyPolicyStatusBuilder(policy.getStatus(), policy.getMetadata().getGeneration(), clock);
    List<SpecProblem> problems = ReconcileErrors.validate(() -> validator.validate(policy.getSpec()));
    if (problems.isEmpty()) {
      SpecConditions.awaitingImplementation(status.conditions(), "TDE key rotation");
    } else {
      SpecConditions.invalidSpec(status.conditions(), problems);
    }
    return statusWriter.write(policy, status.build());
  }

  @Override
  public ErrorStatusUpdateControl<TdeKeyPolicy> updateErrorStatus(TdeKeyPolicy policy, Context<TdeKeyPolicy> context, Exception e) {
    var status = new TdeKeyPolicyStatusBuilder(policy.getStatus(), policy.getMetadata().getGeneration(), clock);
    return errors.toStatus(policy, e, status.conditions(), status::build);
  }
}
