package io.keyrotation.operator.api.principal;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.keyrotation.operator.api.common.SharedCustomResourceStrings;

/** Rotates the client secret of the Azure AD application SQL Server uses, before it expires. */
@Group("keyrotation.io")
@Version("v1alpha1")
@ShortNames("spr")
@AdditionalPrinterColumn(name = "Client ID", jsonPath = ".spec.application.clientId", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Secret Expires", jsonPath = ".status.currentSecret.endDateTime", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Next Rotation", jsonPath = ".status.nextRotationTime", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ServicePrincipalRotation
    extends CustomResource<ServicePrincipalRotationSpec, ServicePrincipalRotationStatus> implements Namespaced {
  public ServicePrincipalRotation() {
    SharedCustomResourceStrings.share(this);
  }
}
