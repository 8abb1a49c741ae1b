package io.keyrotation.operator.validation;

import io.keyrotation.operator.schedule.CronSchedule;
import io.keyrotation.operator.schedule.IsoDuration;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

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

  public void cron(String field, String expression, String timeZoneField, String timeZone) {
    try {
      CronSchedule.zone(timeZone);
    } catch (IllegalArgumentException e) {
      add(timeZoneField, e.getMessage());
      return;
    }
    try {
      CronSchedule.parse(expression, timeZone);
    } catch (IllegalArgumentException e) {
      add(field, e.getMessage());
    }
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

  /** Reports each value that occurs more than once in {@code items}. */
  public <T> void unique(String field, List<T> items, Function<T, String> key, String what) {
    Set<String> seen = new HashSet<>();
    Set<String> repeated = items.stream().map(key).filter(k -> !seen.add(k)).collect(Collectors.toCollection(java.util.TreeSet::new));
    if (!repeated.isEmpty()) {
      add(field, what + " must be unique; repeated: " + String.join(", ", repeated));
    }
  }

  /** Whole days as {@code P1D}, anything else as {@code PT4H}: the notation users write. */
  static String iso(Duration duration) {
    return duration.toSeconds() % 86_400 == 0 ? "P" + duration.toDays() + "D" : duration.toString();
  }

  public static Duration length(IsoDuration duration) {
    return duration.lengthFrom(REFERENCE);
  }
}
