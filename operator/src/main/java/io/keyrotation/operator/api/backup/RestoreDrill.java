package io.keyrotation.operator.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.keyrotation.operator.api.common.Formats;
import io.keyrotation.operator.api.common.VaultRef;

/**
 * A restore drill: on its own schedule, the newest archive of one key at a time is restored into a
 * scratch vault, its public key compared with the source's, and the restored key deleted and purged
 * there again.
 */
public record RestoreDrill(
    @Required
    @JsonPropertyDescription("A scratch vault in the source's geography and subscription, neither the source nor a standby. "
        + "The operator deletes and purges there only keys it restored itself for a drill; it needs delete and purge on it.")
    VaultRef vault,
    @Required @Pattern(Formats.CRON)
    @JsonPropertyDescription("When to drill (one key per drill, in turn), CronJob syntax, read in spec.timeZone.")
    String schedule) {}
