package io.keyrotation.sandbox.keyvault;

import java.util.List;

/** What a key backup holds: every version of one key, and where it came from. */
record BackupContent(String sourceVault, String geography, String subscriptionId, String keyName,
                     List<KeyVersion> versions) {}
