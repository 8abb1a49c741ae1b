package io.keyrotation.sandbox.sqlserver.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Faults a test arms on an instance. Requests (one SQL batch or one RPC message) are counted
 * from 1 since the last {@link #clear()}; statement patterns are matched against the batch or
 * RPC statement text, case-insensitively.
 */
public final class FaultInjector {
  private final List<Integer> dropBefore = new ArrayList<>();
  private final List<Integer> dropAfter = new ArrayList<>();
  private final List<Pattern> dropBeforePattern = new ArrayList<>();
  private final List<Pattern> dropAfterPattern = new ArrayList<>();
  private final List<InjectedError> errors = new ArrayList<>();
  private final List<Slowdown> slowdowns = new ArrayList<>();
  private final List<String> requestTexts = new ArrayList<>();
  private int requestCount;
  private static final int REQUEST_TEXT_CAPACITY = 1000;

  /** What the protocol layer must do around one request. */
  public record RequestFault(boolean dropBefore, boolean dropAfter, Duration delay) {}

  private record InjectedError(Pattern pattern, SqlServerError error, int[] remaining) {}

  private record Slowdown(Pattern pattern, Duration delay) {}

  /** Closes the connection, unanswered, when request {@code n} (1-based) arrives. */
  public synchronized FaultInjector dropConnectionBeforeRequest(int n) {
    dropBefore.add(n);
    return this;
  }

  /** Runs request {@code n} (its effects happen) and closes the connection before answering. */
  public synchronized FaultInjector dropConnectionAfterRequest(int n) {
    dropAfter.add(n);
    return this;
  }

  /** Closes the connection, unanswered, when the next request matching {@code regex} arrives (once). */
  public synchronized FaultInjector dropConnectionBefore(String regex) {
    dropBeforePattern.add(compile(regex));
    return this;
  }

  /** Runs the next request matching {@code regex} and closes the connection before answering (once). */
  public synchronized FaultInjector dropConnectionAfter(String regex) {
    dropAfterPattern.add(compile(regex));
    return this;
  }

  /** Fails the next {@code times} statements matching {@code regex} with {@code error}, before they run. */
  public synchronized FaultInjector failStatements(String regex, SqlServerError error, int times) {
    errors.add(new InjectedError(compile(regex), error, new int[] {times}));
    return this;
  }

  /** Delays every request whose text matches {@code regex}; a client attention cancels the wait. */
  public synchronized FaultInjector slowStatements(String regex, Duration delay) {
    slowdowns.add(new Slowdown(compile(regex), delay));
    return this;
  }

  public synchronized void clear() {
    dropBefore.clear();
    dropAfter.clear();
    dropBeforePattern.clear();
    dropAfterPattern.clear();
    errors.clear();
    slowdowns.clear();
    requestCount = 0;
    requestTexts.clear();
  }

  public synchronized int requestCount() {
    return requestCount;
  }

  /**
   * The statement text of each request since {@link #clear()} (the most recent 1000), so a test can
   * show that a statement was never sent. Secrets in DDL are the test's own values.
   */
  public synchronized List<String> requestTexts() {
    return List.copyOf(requestTexts);
  }

  /** Called by the protocol layer once per request. */
  public synchronized RequestFault onRequest(String text) {
    requestCount++;
    if (requestTexts.size() == REQUEST_TEXT_CAPACITY) {
      requestTexts.remove(0);
    }
    requestTexts.add(text);
    Duration delay = Duration.ZERO;
    for (Slowdown slowdown : slowdowns) {
      if (slowdown.pattern().matcher(text).find()) {
        delay = delay.plus(slowdown.delay());
      }
    }
    boolean before = dropBefore.contains(requestCount) || takeFirstMatch(dropBeforePattern, text);
    boolean after = !before && (dropAfter.contains(requestCount) || takeFirstMatch(dropAfterPattern, text));
    return new RequestFault(before, after, delay);
  }

  private static boolean takeFirstMatch(List<Pattern> patterns, String text) {
    for (int i = 0; i < patterns.size(); i++) {
      if (patterns.get(i).matcher(text).find()) {
        patterns.remove(i);
        return true;
      }
    }
    return false;
  }

  /** Called by the engine before each statement runs. */
  synchronized Optional<SqlServerError> errorFor(String statementText) {
    for (InjectedError injected : errors) {
      if (injected.remaining()[0] > 0 && injected.pattern().matcher(statementText).find()) {
        injected.remaining()[0]--;
        return Optional.of(injected.error());
      }
    }
    return Optional.empty();
  }

  private static Pattern compile(String regex) {
    return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  }
}
