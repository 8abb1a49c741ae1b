package io.keyrotation.operator.keyvault;

import java.time.OffsetDateTime;

/** A soft-deleted key: it holds its name until purged or until {@code scheduledPurgeDate}. */
public record DeletedVaultKey(String name, String recoveryId, OffsetDateTime deletedOn, OffsetDateTime scheduledPurgeDate) {}
