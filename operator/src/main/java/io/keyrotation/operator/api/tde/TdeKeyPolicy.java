package io.keyrotation.operator.api.tde;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.keyrotation.operator.api.common.SharedCustomResourceStrings;

/** Keeps the TDE protector of one SQL Server (or availability group) rotated in Azure Key Vault. */
@Group("keyrotation.io")
@Version("v1alpha1")
@ShortNames("tdekp")
@AdditionalPrinterColumn(name = "Active Key", jsonPath = ".status.activeKey.keyName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Last Rotation", jsonPath = ".status.lastRotationTime", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Next Rotation", jsonPath = ".status.nextRotationTime", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Step", jsonPath = ".status.rotation.step", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class TdeKeyPolicy extends CustomResource<TdeKeyPolicySpec, TdeKeyPolicyStatus> implements Namespaced {
  public TdeKeyPolicy() {
    SharedCustomResourceStrings.share(this);
  }
}
