package io.keyrotation.operator.eventgrid;

import java.time.Clock;

/** A token bucket: {@code perSecond} requests on average, bursts up to {@code burst}. */
final class RequestRate {
  private final double perSecond;
  private final double burst;
  private final Clock clock;
  private double tokens;
  private long lastMillis;

  RequestRate(double perSecond, int burst, Clock clock) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.clock = clock;
    this.tokens = burst;
    this.lastMillis = clock.millis();
  }

  synchronized boolean tryAcquire() {
    long now = clock.millis();
    tokens = Math.min(burst, tokens + (now - lastMillis) * perSecond / 1000.0);
    lastMillis = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
