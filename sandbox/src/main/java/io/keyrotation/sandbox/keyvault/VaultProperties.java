package io.keyrotation.sandbox.keyvault;

/**
 * Vault-level settings that Azure lets an owner change after creation: the pricing tier (SKU) and
 * purge protection. Premium is the default here (the stand-in used to accept HSM keys everywhere);
 * a Standard vault refuses HSM-protected keys. Purge protection can be turned on, never off
 * ("Enabling the purge protection for a vault is an irreversible action", Azure Resource Manager's
 * refusal of {@code enablePurgeProtection: false}).
 */
public final class VaultProperties {
  /** Key Vault pricing tiers: only Premium holds HSM-protected keys ("Azure Key Vault pricing", "About keys"). */
  public enum Sku { STANDARD, PREMIUM }

  private volatile Sku sku = Sku.PREMIUM;
  private volatile boolean purgeProtection;

  public Sku sku() {
    return sku;
  }

  public void sku(Sku newSku) {
    this.sku = java.util.Objects.requireNonNull(newSku, "sku");
  }

  public boolean purgeProtection() {
    return purgeProtection;
  }

  public void enablePurgeProtection() {
    this.purgeProtection = true;
  }

  /**
   * Key Vault's {@code DeletionRecoveryLevel} for keys in a vault with soft delete on: "+Purgeable"
   * unless purge protection is on; "Customized" when the retention is not the default 90 days.
   */
  public String recoveryLevel(int softDeleteRetentionDays) {
    String level = softDeleteRetentionDays == 90 ? "Recoverable" : "CustomizedRecoverable";
    return purgeProtection ? level : level + "+Purgeable";
  }
}
