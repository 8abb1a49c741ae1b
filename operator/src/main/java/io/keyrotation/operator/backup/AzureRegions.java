package io.keyrotation.operator.backup;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The region-to-geography table the validators use: the built-in one ({@link AzureGeography}) plus
 * regions configured with {@code KEYROTATION_EXTRA_REGIONS}, so that a region Azure opens after a
 * release can be used without waiting for the next one.
 */
public final class AzureRegions {
  private static final Pattern REGION = Pattern.compile("[a-z0-9]+");
  private static final AzureRegions BUILT_IN = new AzureRegions(Map.of());

  private final Map<String, AzureGeography> extra;

  private AzureRegions(Map<String, AzureGeography> extra) {
    this.extra = Map.copyOf(extra);
  }

  public static AzureRegions builtIn() {
    return BUILT_IN;
  }

  public static AzureRegions withExtra(Map<String, AzureGeography> extra) {
    return new AzureRegions(extra);
  }

  /**
   * Parses {@code region=Geography,region=Geography}, e.g. {@code denmarkeast=Europe}; the geography
   * is one of {@link AzureGeography}'s names, in any letter case.
   *
   * @throws IllegalArgumentException saying which entry is wrong and why
   */
  public static AzureRegions parse(String variable, String text) {
    Map<String, AzureGeography> extra = new LinkedHashMap<>();
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
      AzureGeography geography = AzureGeography.named(parts[1].trim()).orElseThrow(() -> new IllegalArgumentException(
          variable + ": '" + parts[1].trim() + "' is not a geography; one of " + Arrays.toString(AzureGeography.values())));
      Optional<AzureGeography> known = AzureGeography.ofRegion(region);
      if (known.isPresent() && known.get() != geography) {
        throw new IllegalArgumentException(variable + ": " + region + " is already known in geography " + known.get());
      }
      if (geography.retired()) {
        throw new IllegalArgumentException(variable + ": geography " + geography + " is retired");
      }
      AzureGeography previous = extra.put(region, geography);
      if (previous != null && previous != geography) {
        throw new IllegalArgumentException(variable + ": " + region + " is given twice with different geographies");
      }
    }
    return new AzureRegions(extra);
  }

  public Optional<AzureGeography> geographyOf(String region) {
    if (region == null) {
      return Optional.empty();
    }
    return AzureGeography.ofRegion(region).or(() -> Optional.ofNullable(extra.get(AzureGeography.normalised(region))));
  }

  public Map<String, AzureGeography> extra() {
    return extra;
  }
}
