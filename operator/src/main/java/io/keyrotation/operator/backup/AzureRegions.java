package io.keyrotation.operator.backup;

import io.keyrotation.operator.keyvault.AzureCloud;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The region-to-security-world table the validators use: the built-in one ({@link AzureGeography})
 * plus regions configured with {@code KEYROTATION_EXTRA_REGIONS}, so that a region Azure opens after
 * a release can be used without waiting for the next one.
 */
public final class AzureRegions {
  private static final Pattern REGION = Pattern.compile("[a-z0-9]+");
  private static final Pattern NEW_GEOGRAPHY = Pattern.compile("[A-Za-z][A-Za-z0-9]{1,39}");
  private static final AzureRegions BUILT_IN = new AzureRegions(Map.of());

  private final Map<String, SecurityWorld> extra;

  private AzureRegions(Map<String, SecurityWorld> extra) {
    this.extra = Map.copyOf(extra);
  }

  public static AzureRegions builtIn() {
    return BUILT_IN;
  }

  /**
   * Parses {@code region=Geography,region=Geography}. A geography named like one of {@link
   * AzureGeography}'s (any letter case) joins that security world, e.g. {@code newregion=Europe}; any
   * other name is a new security world of its own in Azure public cloud, e.g. {@code denmarkeast=Denmark}.
   *
   * @throws IllegalArgumentException saying which entry is wrong and why
   */
  public static AzureRegions parse(String variable, String text) {
    Map<String, SecurityWorld> extra = new LinkedHashMap<>();
    for (String entry : text.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.split("=", -1);
      if (parts.length != 2) {
        throw new IllegalArgumentException(variable + ": '" + entry.trim() + "' is not region=geography");
      }
      String region = AzureGeography.normalised(parts[0]);
      if (!REGION.matcher(region).matches()) {
        throw new IllegalArgumentException(variable + ": '" + region
            + "' is not an Azure region name (lower-case letters and digits, as az account list-locations shows)");
      }
      SecurityWorld world = world(variable, parts[1].trim());
      Optional<AzureGeography> known = AzureGeography.ofRegion(region);
      if (known.isPresent() && !known.get().world().equals(world)) {
        throw new IllegalArgumentException(variable + ": " + region + " is already known in geography " + known.get());
      }
      SecurityWorld previous = extra.put(region, world);
      if (previous != null && !previous.equals(world)) {
        throw new IllegalArgumentException(variable + ": " + region + " is given twice with different geographies");
      }
    }
    return new AzureRegions(extra);
  }

  private static SecurityWorld world(String variable, String geography) {
    Optional<AzureGeography> known = AzureGeography.named(geography);
    if (known.isPresent() && known.get().retired()) {
      throw new IllegalArgumentException(variable + ": geography " + known.get() + " is retired");
    }
    if (known.isPresent()) {
      return known.get().world();
    }
    if (!NEW_GEOGRAPHY.matcher(geography).matches()) {
      throw new IllegalArgumentException(variable + ": '" + geography + "' is not a geography name (letters and digits, "
          + "e.g. Europe, or a new one such as Denmark)");
    }
    return new SecurityWorld(geography, AzureCloud.AzurePublic);
  }

  public Optional<SecurityWorld> worldOf(String region) {
    if (region == null) {
      return Optional.empty();
    }
    return AzureGeography.ofRegion(region).map(AzureGeography::world)
        .or(() -> Optional.ofNullable(extra.get(AzureGeography.normalised(region))));
  }

  public Map<String, SecurityWorld> extra() {
    return extra;
  }
}
