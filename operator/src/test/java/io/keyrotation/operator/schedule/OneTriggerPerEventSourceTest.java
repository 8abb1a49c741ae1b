package io.keyrotation.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * The event source alone, its events recorded instead of handed to a JOSDK operator: the wake-ups are kept here and
 * Quartz holds one trigger, at the earliest. Assertions are on order, occurrence and the trigger's instant, never on
 * how long anything took.
 */
class OneTriggerPerEventSourceTest {
  static final Duration PATIENCE = Duration.ofSeconds(30);
  static final AtomicInteger CONTROLLERS = new AtomicInteger();

  final String controller = "one-trigger-" + CONTROLLERS.incrementAndGet();
  final List<Woken> woken = new CopyOnWriteArrayList<>();
  DueTimeEventSource<ServicePrincipalRotation> wakeUps;
  Scheduler quartz;

  record Woken(ResourceID resource, Instant at) {}

  @BeforeEach
  void start() throws SchedulerException {
    wakeUps = DueTimeEventSource.forController(controller);
    wakeUps.setEventHandler(event -> woken.add(new Woken(event.getRelatedCustomResourceID(), Instant.now())));
    wakeUps.start();
    quartz = new StdSchedulerFactory().getAllSchedulers().stream()
        .filter(s -> schedulerName(s).startsWith("keyrotation-" + controller + "-"))
        .findFirst().orElseThrow();
  }

  @AfterEach
  void stop() {
    wakeUps.stop();
  }

  @Test
  void manyResourcesWithDifferentTimesFireInTimeOrderEachOnce() {
    Instant base = Instant.now().plusMillis(300);
    Map<ResourceID, Instant> times = new ConcurrentHashMap<>();
    List<Integer> order = IntStream.range(0, 60).boxed().collect(Collectors.toCollection(ArrayList::new));
    Collections.shuffle(order, new Random(7));
    for (int i : order) {
      ResourceID resource = resource("r" + i);
      Instant at = base.plusMillis(7L * i);
      times.put(resource, at);
      wakeUps.wakeAt(resource, at);
    }
    assertThat(triggers()).hasSize(1);

    await().atMost(PATIENCE).until(() -> woken.size() >= times.size());
    awaitNoTrigger();

    List<ResourceID> expected = times.keySet().stream().sorted(Comparator.comparing(times::get)).toList();
    assertThat(woken).extracting(Woken::resource).as("in time order, each once").containsExactlyElementsOf(expected);
    assertThat(woken).allSatisfy(w -> assertThat(w.at()).as("never before its instant").isAfterOrEqualTo(times.get(w.resource())));
    assertThat(times.keySet()).allSatisfy(r -> assertThat(wakeUps.scheduledWakeUp(r)).isEmpty());
  }

  @Test
  void anEarlierWakeUpMovesTheOneTriggerAndALaterOneDoesNot() throws SchedulerException {
    Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
    wakeUps.wakeAt(resource("first"), inAnHour);
    assertThat(triggerTime()).isEqualTo(millis(inAnHour));

    Instant sooner = inAnHour.minus(Duration.ofMinutes(30));
    wakeUps.wakeAt(resource("sooner"), sooner);
    assertThat(triggerTime()).isEqualTo(millis(sooner));

    wakeUps.wakeAt(resource("later"), inAnHour.plus(Duration.ofHours(1)));
    wakeUps.wakeAt(resource("first"), inAnHour.plus(Duration.ofMinutes(5)));
    assertThat(triggerTime()).isEqualTo(millis(sooner));
    assertThat(triggers()).hasSize(1);
    assertThat(wakeUps.scheduledWakeUp(resource("first"))).contains(millis(inAnHour.plus(Duration.ofMinutes(5))));
  }

  @Test
  void cancellingTheEarliestMovesTheTriggerToTheNext() throws SchedulerException {
    Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
    wakeUps.wakeAt(resource("earliest"), inAnHour);
    wakeUps.wakeAt(resource("next"), inAnHour.plus(Duration.ofMinutes(10)));
    wakeUps.wakeAt(resource("last"), inAnHour.plus(Duration.ofMinutes(20)));

    wakeUps.cancel(resource("last"));
    assertThat(triggerTime()).isEqualTo(millis(inAnHour));

    wakeUps.cancel(resource("earliest"));
    assertThat(triggerTime()).isEqualTo(millis(inAnHour.plus(Duration.ofMinutes(10))));
    assertThat(wakeUps.scheduledWakeUp(resource("earliest"))).isEmpty();

    wakeUps.cancel(resource("next"));
    assertThat(triggers()).as("nothing pending, nothing in Quartz").isEmpty();
  }

  @Test
  void anInstantAlreadyPastFiresAtOnce() {
    wakeUps.wakeAt(resource("overdue"), Instant.now().minus(Duration.ofHours(3)));
    wakeUps.wakeAt(resource("not-yet"), Instant.now().plus(Duration.ofHours(1)));

    await().atMost(PATIENCE).until(() -> !woken.isEmpty());
    assertThat(woken).extracting(Woken::resource).containsExactly(resource("overdue"));
    assertThat(wakeUps.scheduledWakeUp(resource("not-yet"))).isPresent();
  }

  @Test
  void wakeUpsRequestedFromManyThreadsWhileFiringAreNeverLost() throws Exception {
    int threads = 8;
    int perThread = 150;
    Map<ResourceID, Instant> lastRequested = new ConcurrentHashMap<>();
    AtomicBoolean requesting = new AtomicBoolean(true);
    AtomicInteger mostTriggers = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    try {
      pool.submit(() -> {
        while (requesting.get() || woken.size() < lastRequested.size()) {
          mostTriggers.accumulateAndGet(triggers().size(), Math::max);
          Thread.sleep(1);
        }
        return null;
      });
      List<Future<?>> requesters = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        requesters.add(pool.submit(() -> {
          Random random = new Random(thread);
          for (int i = 0; i < perThread; i++) {
            ResourceID resource = resource("t" + thread + "-" + i);
            // Some asked for twice, earlier or later, so replacements race with firings too.
            int asks = random.nextInt(3) == 0 ? 2 : 1;
            for (int ask = 0; ask < asks; ask++) {
              Instant at = Instant.now().plusMillis(random.nextInt(60) - 10);
              lastRequested.put(resource, at);
              wakeUps.wakeAt(resource, at);
            }
            if (i % 10 == 0) {
              Thread.sleep(random.nextInt(5));
            }
          }
          return null;
        }));
      }
      for (var requester : requesters) {
        requester.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      }
      requesting.set(false);

      await().atMost(PATIENCE).until(() -> woken.stream().map(Woken::resource).collect(Collectors.toSet()).containsAll(lastRequested.keySet()));
      awaitNoTrigger();
    } finally {
      requesting.set(false);
      pool.shutdownNow();
    }

    assertThat(lastRequested).hasSize(threads * perThread);
    Map<ResourceID, Instant> lastWoken = woken.stream().collect(Collectors.toMap(Woken::resource, Woken::at, (a, b) -> b));
    assertThat(lastRequested).allSatisfy((resource, requested) ->
        assertThat(lastWoken.get(resource)).as("%s woken at or after its last requested instant", resource).isAfterOrEqualTo(requested));
    assertThat(mostTriggers.get()).as("Quartz triggers at any time").isLessThanOrEqualTo(1);
  }

  private Instant triggerTime() throws SchedulerException {
    Set<TriggerKey> keys = triggers();
    assertThat(keys).hasSize(1);
    Trigger trigger = quartz.getTrigger(keys.iterator().next());
    return trigger.getNextFireTime().toInstant();
  }

  private Set<TriggerKey> triggers() {
    try {
      return quartz.getTriggerKeys(GroupMatcher.anyGroup());
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Quartz removes a spent trigger once its job returns. */
  private void awaitNoTrigger() {
    await().atMost(PATIENCE).until(() -> triggers().isEmpty());
  }

  private static Instant millis(Instant when) {
    return Instant.ofEpochMilli(when.toEpochMilli()).plusMillis(when.getNano() % 1_000_000 == 0 ? 0 : 1);
  }

  private static ResourceID resource(String name) {
    return new ResourceID(name, "one-trigger");
  }

  private static String schedulerName(Scheduler scheduler) {
    try {
      return scheduler.getSchedulerName();
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    }
  }
}
