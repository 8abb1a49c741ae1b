package io.keyrotation.operator.validation;

import io.keyrotation.operator.api.common.NameRules;
import io.keyrotation.operator.api.common.NameRules.NameRule;
import io.keyrotation.operator.keyvault.VaultEndpoint;
import io.keyrotation.operator.schedule.CronSchedule;
import io.keyrotation.operator.schedule.IsoDuration;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Collects the problems of one spec; the checks the schema cannot express live here. */
public final class SpecProblems {
  /** A fixed start, so that calendar durations compare the same on every run. */
  private static final Instant REFERENCE = Instant.parse("2001-01-01T00:00:00Z");

  private final List<SpecProblem> problems = new ArrayList<>();

  public void add(String field, String message) {
    problems.add(new SpecProblem(field, message));
  }

  public List<SpecProblem> list() {
    return List.copyOf(problems);
  }

  public Optional<IsoDuration> duration(String field, String text) {
    try {
      IsoDuration duration = IsoDuration.parse(text);
      if (duration.isZero()) {
        add(field, "must be longer than zero");
        return Optional.empty();
      }
      return Optional.of(duration);
    } catch (IllegalArgumentException e) {
      add(field, e.getMessage());
      return Optional.empty();
    }
  }

  /** The duration, if valid and at least {@code minimum}. */
  public Optional<IsoDuration> durationAtLeast(String field, String text, Duration minimum, String why) {
    Optional<IsoDuration> duration = duration(field, text);
    if (duration.isPresent() && length(duration.get()).compareTo(minimum) < 0) {
      add(field, "must be at least " + iso(minimum) + " (" + why + ")");
      return Optional.empty();
    }
    return duration;
  }

  /** The schedule, if both it and its time zone are valid. */
  public Optional<CronSchedule> cron(String field, String expression, String timeZoneField, String timeZone) {
    try {
      CronSchedule.zone(timeZone);
    } catch (IllegalArgumentException e) {
      add(timeZoneField, e.getMessage());
      return Optional.empty();
    }
    try {
      return Optional.of(CronSchedule.parse(expression, timeZone));
    } catch (IllegalArgumentException e) {
      add(field, e.getMessage());
      return Optional.empty();
    }
  }

  /** Checks a name against one of the naming rules shared with the schema and the gateways. */
  public boolean name(String field, String value, NameRule rule) {
    Optional<String> problem = rule.problem(value);
    problem.ifPresent(p -> add(field, "'" + printable(value) + "' " + p));
    return problem.isEmpty();
  }

  /** Each name of a list, reported at its index. */
  public void names(String field, List<String> values, NameRule rule) {
    for (int i = 0; values != null && i < values.size(); i++) {
      name(field + "[" + i + "]", values.get(i), rule);
    }
  }

  /**
   * A vault's URL: an https origin, and for a Key Vault or Managed HSM endpoint of a known cloud, a vault name
   * (what the Key Vault client and SQL Server's EKM credential will be given) by {@link NameRules#VAULT_NAME}.
   */
  public Optional<URI> vaultUrl(String field, String url) {
    Optional<URI> uri = httpsOrigin(field, url);
    if (uri.isPresent()) {
      VaultEndpoint.of(url).ifPresent(endpoint -> name(field, endpoint.name(), NameRules.VAULT_NAME));
    }
    return uri;
  }

  /** An https URL with a host and nothing after it but an optional trailing slash. */
  public Optional<URI> httpsOrigin(String field, String url) {
    try {
      URI uri = new URI(url);
      if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        add(field, "must be an https URL with a host, e.g. https://contoso.vault.azure.net");
        return Optional.empty();
      }
      if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
          || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        add(field, "must not have a path, query or fragment");
        return Optional.empty();
      }
      return Optional.of(uri);
    } catch (URISyntaxException | NullPointerException e) {
      add(field, "is not a valid URL");
      return Optional.empty();
    }
  }

  /**
   * Reports each item whose key an earlier item already has, at the later item's index and {@code subField}
   * (e.g. {@code spec.sqlServer.instances[1].host}); {@code subField} is empty for a list of plain values.
   */
  public <T> void unique(String field, List<T> items, Function<T, String> key, String subField, String what) {
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; items != null && i < items.size(); i++) {
      String k = key.apply(items.get(i));
      Integer earlier = first.putIfAbsent(k, i);
      if (earlier != null) {
        add(field + "[" + i + "]" + subField, what + " must be unique: '" + printable(k) + "' repeats "
            + field.substring(field.lastIndexOf('.') + 1) + "[" + earlier + "]");
      }
    }
  }

  /** Control characters made visible, so that a message shows what was really written. */
  static String printable(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder shown = new StringBuilder();
    value.codePoints().forEach(c -> {
      if (Character.getType(c) == Character.CONTROL) {
        shown.append(String.format("\\u%04X", c));
      } else {
        shown.appendCodePoint(c);
      }
    });
    return shown.toString();
  }

  /** Whole days as {@code P1D}, anything else as {@code PT4H}: the notation users write. */
  public static String iso(Duration duration) {
    return duration.toSeconds() % 86_400 == 0 ? "P" + duration.toDays() + "D" : duration.toString();
  }

  public static Duration length(IsoDuration duration) {
    return duration.lengthFrom(REFERENCE);
  }
}
