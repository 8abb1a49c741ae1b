package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.KeyRotationProgress;
import io.keyrotation.operator.api.tde.ProtectorKey;
import io.keyrotation.operator.api.tde.TdeKeyPolicyStatus;
import io.keyrotation.operator.api.tde.VaultFailoverProgress;
import io.keyrotation.operator.status.ConditionSet;
import java.time.Clock;
import java.util.List;

/** Builds the next TdeKeyPolicy status from the current one; owns observedGeneration and conditions. */
public final class TdeKeyPolicyStatusBuilder {
  private final ConditionSet conditions;
  private final long generation;
  private ProtectorKey activeKey;
  private List<ProtectorKey> previousKeys;
  private String lastRotationTime;
  private String nextRotationTime;
  private KeyRotationProgress rotation;
  private String lastManualTrigger;
  private String adoptedTime;
  private String vaultUrl;
  private VaultFailoverProgress vaultFailover;

  public TdeKeyPolicyStatusBuilder(TdeKeyPolicyStatus current, long generation, Clock clock) {
    TdeKeyPolicyStatus from = current == null ? TdeKeyPolicyStatus.empty() : current;
    this.generation = generation;
    this.conditions = new ConditionSet(from.conditions(), generation, clock);
    this.activeKey = from.activeKey();
    this.previousKeys = from.previousKeys();
    this.lastRotationTime = from.lastRotationTime();
    this.nextRotationTime = from.nextRotationTime();
    this.rotation = from.rotation();
    this.lastManualTrigger = from.lastManualTrigger();
    this.adoptedTime = from.adoptedTime();
    this.vaultUrl = from.vaultUrl();
    this.vaultFailover = from.vaultFailover();
  }

  public ConditionSet conditions() {
    return conditions;
  }

  public TdeKeyPolicyStatusBuilder adopted(ProtectorKey key, String at, String vault) {
    this.activeKey = key;
    this.adoptedTime = at;
    this.vaultUrl = vault;
    return this;
  }

  public TdeKeyPolicyStatusBuilder vaultFailover(VaultFailoverProgress progress) {
    this.vaultFailover = progress;
    return this;
  }

  /** The failover finished: the keys are now those of {@code vault}. */
  public TdeKeyPolicyStatusBuilder failedOver(String vault, ProtectorKey active) {
    this.vaultUrl = vault;
    this.activeKey = active;
    this.vaultFailover = null;
    return this;
  }

  public TdeKeyPolicyStatusBuilder rotation(KeyRotationProgress progress) {
    this.rotation = progress;
    return this;
  }

  public TdeKeyPolicyStatusBuilder manualTriggerHandled(String value) {
    this.lastManualTrigger = value;
    return this;
  }

  public TdeKeyPolicyStatusBuilder promoted(ProtectorKey active, List<ProtectorKey> previous, String at) {
    this.activeKey = active;
    this.previousKeys = previous.isEmpty() ? null : List.copyOf(previous);
    this.lastRotationTime = at;
    this.rotation = null;
    return this;
  }

  public TdeKeyPolicyStatusBuilder nextRotationTime(String at) {
    this.nextRotationTime = at;
    return this;
  }

  /** The status as built so far (conditions included), e.g. for the planner's next-rotation computation. */
  public TdeKeyPolicyStatus build() {
    return new TdeKeyPolicyStatus(generation, conditions.list(), activeKey, previousKeys, lastRotationTime, nextRotationTime,
        rotation, lastManualTrigger, adoptedTime, vaultUrl, vaultFailover);
  }
}
