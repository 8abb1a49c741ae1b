package io.keyrotation.operator.principal;

import io.keyrotation.operator.api.principal.SecretRotationProgress;
import io.keyrotation.operator.api.principal.ServicePrincipalRotationStatus;
import io.keyrotation.operator.api.principal.ServicePrincipalRotationStatus.ClientSecretInfo;
import io.keyrotation.operator.graph.PasswordCredential;
import io.keyrotation.operator.status.ConditionSet;
import java.time.Clock;
import java.time.Instant;

/** Builds the next ServicePrincipalRotation status from the current one; owns observedGeneration and conditions. */
public final class ServicePrincipalRotationStatusBuilder {
  private final long generation;
  private final ConditionSet conditions;
  private ClientSecretInfo currentSecret;
  private ClientSecretInfo previousSecret;
  private String lastRotationTime;
  private String nextRotationTime;
  private SecretRotationProgress rotation;
  private String lastManualTrigger;

  public ServicePrincipalRotationStatusBuilder(ServicePrincipalRotationStatus current, long generation, Clock clock) {
    ServicePrincipalRotationStatus from = current == null ? ServicePrincipalRotationStatus.empty() : current;
    this.generation = generation;
    this.conditions = new ConditionSet(from.conditions(), generation, clock);
    this.currentSecret = present(from.currentSecret());
    this.previousSecret = present(from.previousSecret());
    this.lastRotationTime = from.lastRotationTime();
    this.nextRotationTime = from.nextRotationTime();
    this.rotation = from.rotation() == null || from.rotation().step() == null ? null : from.rotation();
    this.lastManualTrigger = from.lastManualTrigger();
  }

  public ConditionSet conditions() {
    return conditions;
  }

  public ClientSecretInfo currentSecret() {
    return currentSecret;
  }

  public ClientSecretInfo previousSecret() {
    return previousSecret;
  }

  public SecretRotationProgress rotation() {
    return rotation;
  }

  public ServicePrincipalRotationStatusBuilder currentSecret(ClientSecretInfo secret) {
    this.currentSecret = secret;
    return this;
  }

  public ServicePrincipalRotationStatusBuilder previousSecret(ClientSecretInfo secret) {
    this.previousSecret = secret;
    return this;
  }

  public ServicePrincipalRotationStatusBuilder lastRotationTime(Instant time) {
    this.lastRotationTime = time == null ? null : time.toString();
    return this;
  }

  public ServicePrincipalRotationStatusBuilder nextRotationTime(Instant time) {
    this.nextRotationTime = time == null ? null : time.toString();
    return this;
  }

  public ServicePrincipalRotationStatusBuilder rotation(SecretRotationProgress progress) {
    this.rotation = progress;
    return this;
  }

  public ServicePrincipalRotationStatusBuilder lastManualTrigger(String trigger) {
    this.lastManualTrigger = trigger;
    return this;
  }

  /**
   * A cleared field can come back as an empty object (a patch that dropped its members but not the
   * field itself); it means "none".
   */
  private static ClientSecretInfo present(ClientSecretInfo info) {
    return info == null || info.keyId() == null ? null : info;
  }

  /** The status with cleared fields that came back as empty objects read as absent (see {@link #present}). */
  public static ServicePrincipalRotationStatus normalized(ServicePrincipalRotationStatus status) {
    if (status == null) {
      return null;
    }
    return new ServicePrincipalRotationStatus(status.observedGeneration(), status.conditions(), present(status.currentSecret()),
        present(status.previousSecret()), status.lastRotationTime(), status.nextRotationTime(),
        status.rotation() == null || status.rotation().step() == null ? null : status.rotation(), status.lastManualTrigger());
  }

  static ClientSecretInfo info(PasswordCredential credential) {
    return new ClientSecretInfo(credential.keyId(), credential.hint(), credential.displayName(),
        credential.startDateTime() == null ? null : credential.startDateTime().toString(),
        credential.endDateTime() == null ? null : credential.endDateTime().toString());
  }

  public ServicePrincipalRotationStatus build() {
    return new ServicePrincipalRotationStatus(generation, conditions.list(), currentSecret, previousSecret, lastRotationTime,
        nextRotationTime, rotation, lastManualTrigger);
  }
}
