package io.keyrotation.operator.schedule;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JOSDK event source through which a controller is woken at a resource's next due time
 * (see DESIGN.md, "Scheduling"). It keeps each resource's pending wake-up itself, in time order,
 * and Quartz holds one trigger, in memory, at the earliest of them: when it fires, every resource
 * whose time has come is handed to JOSDK as an ordinary event, and the trigger moves to the next
 * earliest. The reconcile decides what, if anything, is due. Nothing here survives a restart, on
 * purpose: every reconcile derives the due time from status and calls {@link #wakeAt} again.
 *
 * <p>Each controller owns one, created in its reconciler and returned from
 * {@code prepareEventSources}:
 *
 * <pre>{@code
 * private final DueTimeEventSource<MyKind> wakeUps = DueTimeEventSource.forController(NAME);
 *
 * public List<EventSource<?, MyKind>> prepareEventSources(EventSourceContext<MyKind> context) {
 *   return List.of(wakeUps);
 * }
 * }</pre>
 *
 * <p>A reconciler that receives it through its constructor instead keeps the concrete type for
 * {@code prepareEventSources} and hands it to its planner or steps as {@link WakeUps}.
 *
 * <p>One trigger rather than one per resource: Quartz's job and trigger objects, keys and indexes
 * cost about 1.2 KB per resource, a pending wake-up here about 100 bytes. One Quartz scheduler per
 * event source rather than one per operator: its lifecycle is then exactly JOSDK's start/stop of
 * this event source (no sharing or reference counting between controllers), and the cost is two
 * idle threads per controller. JOSDK starts event sources on standby replicas too (to warm caches),
 * but only the leader reconciles, so only the leader ever holds wake-ups.
 */
public final class DueTimeEventSource<P extends HasMetadata> extends AbstractEventSource<Void, P>
    implements WakeUps, ResourceEventAware<P> {
  private static final Logger LOG = LoggerFactory.getLogger(DueTimeEventSource.class);
  private static final JobKey JOB = JobKey.jobKey("wake-up", "wake-ups");
  private static final TriggerKey TRIGGER = TriggerKey.triggerKey("earliest", "wake-ups");
  private static final long NO_TRIGGER = Long.MAX_VALUE;
  /** Quartz keeps schedulers in a JVM-wide registry by name; tests run several operators in one JVM. */
  private static final AtomicLong INSTANCES = new AtomicLong();

  private final String controllerName;
  /** Guards the wake-ups, the trigger's instant and every call that moves the trigger; never held while calling JOSDK. */
  private final Object lock = new Object();
  private volatile Scheduler scheduler;
  /**
   * Each resource's pending wake-up, read without the lock: a reconcile with nothing due asks for the wake-up it
   * already has, and that must cost neither our lock nor Quartz's job-store lock (which showed up in reconcile
   * latency). Written only under the lock, together with {@link #byTime}.
   */
  private final Map<ResourceID, WakeUp> pending = new ConcurrentHashMap<>();
  private final NavigableSet<WakeUp> byTime = new TreeSet<>(WakeUp.ORDER);
  /** When the one Quartz trigger fires; {@link #NO_TRIGGER} when Quartz holds none. */
  private long triggerAt = NO_TRIGGER;

  private DueTimeEventSource(String controllerName) {
    super(Void.class, "wake-ups");
    this.controllerName = controllerName;
  }

  public static <P extends HasMetadata> DueTimeEventSource<P> forController(String controllerName) {
    return new DueTimeEventSource<>(controllerName);
  }

  @Override
  public void wakeAt(ResourceID resource, Instant when) {
    long at = notBefore(when);
    WakeUp known = pending.get(resource);
    if (known != null && known.at() == at) {
      return;
    }
    synchronized (lock) {
      Scheduler current = runningScheduler(resource);
      if (current == null) {
        return;
      }
      WakeUp wakeUp = new WakeUp(at, resource);
      WakeUp previous = pending.put(resource, wakeUp);
      if (previous != null) {
        if (previous.at() == at) {
          pending.put(resource, previous);
          return;
        }
        byTime.remove(previous);
      }
      byTime.add(wakeUp);
      if (at < triggerAt) {
        try {
          moveTrigger(current, at);
        } catch (SchedulerException | RuntimeException e) {
          // Forgotten rather than kept unscheduled: the failed reconcile is retried and asks again.
          pending.remove(resource);
          byTime.remove(wakeUp);
          rethrowUnlessStopping(current, "could not schedule the wake-up of " + resource, e);
        }
      }
    }
  }

  @Override
  public void cancel(ResourceID resource) {
    synchronized (lock) {
      WakeUp removed = pending.remove(resource);
      if (removed == null) {
        return;
      }
      byTime.remove(removed);
      Scheduler current = runningScheduler(resource);
      if (current == null || removed.at() != triggerAt) {
        return;
      }
      try {
        moveTriggerToEarliest(current);
      } catch (SchedulerException e) {
        rethrowUnlessStopping(current, "could not cancel the wake-up of " + resource, e);
      }
    }
  }

  /**
   * When the resource will next be woken, if a wake-up is pending: at millisecond precision, as
   * Quartz fires, so the requested instant rounded up.
   */
  public Optional<Instant> scheduledWakeUp(ResourceID resource) {
    if (scheduler == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(pending.get(resource)).map(wakeUp -> Instant.ofEpochMilli(wakeUp.at()));
  }

  @Override
  public void onResourceDeleted(P resource) {
    cancel(ResourceID.fromResource(resource));
  }

  @Override
  public synchronized void start() throws OperatorException {
    if (isRunning()) {
      return;
    }
    try {
      Scheduler created = new StdSchedulerFactory(quartzProperties()).getScheduler();
      created.setJobFactory((bundle, owner) -> new WakeUpJob(this));
      created.addJob(JobBuilder.newJob(WakeUpJob.class).withIdentity(JOB).storeDurably().build(), true);
      created.start();
      synchronized (lock) {
        forgetAll();
        scheduler = created;
      }
    } catch (SchedulerException e) {
      throw new OperatorException("could not start the wake-up scheduler of controller " + controllerName, e);
    }
    super.start();
  }

  @Override
  public synchronized void stop() throws OperatorException {
    super.stop();
    Scheduler current;
    synchronized (lock) {
      current = scheduler;
      scheduler = null;
      forgetAll();
    }
    if (current != null) {
      try {
        // No waiting: a job only hands an event to JOSDK, and nothing here needs to outlive the stop.
        current.shutdown(false);
      } catch (SchedulerException e) {
        LOG.warn("wake-up scheduler of controller {} did not shut down cleanly: {}", controllerName, e.getMessage());
      }
    }
  }

  @Override
  public Status getStatus() {
    Scheduler current = scheduler;
    try {
      return isRunning() && current != null && current.isStarted() && !current.isShutdown() ? Status.HEALTHY : Status.UNHEALTHY;
    } catch (SchedulerException e) {
      return Status.UNHEALTHY;
    }
  }

  @Override
  public Set<Void> getSecondaryResources(P primary) {
    return Set.of();
  }

  /**
   * Hands every resource whose time has come to JOSDK and moves the trigger to the next earliest.
   * Safe at any time: a resource whose time has not come stays pending.
   */
  void fire() {
    List<ResourceID> due = new ArrayList<>();
    synchronized (lock) {
      Scheduler current = scheduler;
      if (current == null) {
        return;
      }
      long now = System.currentTimeMillis();
      while (!byTime.isEmpty() && byTime.first().at() <= now) {
        WakeUp wakeUp = byTime.pollFirst();
        pending.remove(wakeUp.resource());
        due.add(wakeUp.resource());
      }
      // The trigger that fired is spent; Quartz keeps one rescheduled while its job runs.
      triggerAt = NO_TRIGGER;
      try {
        moveTriggerToEarliest(current);
      } catch (SchedulerException | RuntimeException e) {
        // Nobody to report to; the next wakeAt schedules the trigger again, since Quartz is known to hold none.
        LOG.warn("wake-up scheduler of controller {} could not schedule its next wake-up: {}", controllerName, e.toString());
      }
    }
    for (ResourceID resource : due) {
      if (!isRunning()) {
        return;
      }
      LOG.debug("waking {} of controller {}", resource, controllerName);
      try {
        getEventHandler().handleEvent(new Event(resource));
      } catch (RuntimeException e) {
        // The others taken with it must still be woken.
        LOG.warn("could not wake {} of controller {}: {}", resource, controllerName, e.toString());
      }
    }
  }

  /** Under {@link #lock}: the trigger at the earliest pending wake-up, or none when none is pending. */
  private void moveTriggerToEarliest(Scheduler current) throws SchedulerException {
    if (byTime.isEmpty()) {
      current.unscheduleJob(TRIGGER);
      triggerAt = NO_TRIGGER;
    } else if (byTime.first().at() != triggerAt) {
      moveTrigger(current, byTime.first().at());
    }
  }

  /** Under {@link #lock}: replaces the one trigger (or schedules it if Quartz holds none, e.g. after it fired). */
  private void moveTrigger(Scheduler current, long at) throws SchedulerException {
    // "Fire now" on misfire: an instant missed (in the past, or while Quartz was busy) fires at once.
    Trigger trigger = TriggerBuilder.newTrigger().withIdentity(TRIGGER).forJob(JOB)
        .startAt(new Date(at))
        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
        .build();
    if (current.rescheduleJob(TRIGGER, trigger) == null) {
      current.scheduleJob(trigger);
    }
    triggerAt = at;
  }

  /** Under {@link #lock}. */
  private void forgetAll() {
    pending.clear();
    byTime.clear();
    triggerAt = NO_TRIGGER;
  }

  /** Null when stopped: a stopping operator keeps no wake-ups, the next one derives them from status. */
  private Scheduler runningScheduler(ResourceID resource) {
    Scheduler current = scheduler;
    if (current == null) {
      LOG.debug("wake-up scheduler of controller {} is not running; nothing kept for {}", controllerName, resource);
    }
    return current;
  }

  /** A reconcile still running while the operator stops may find the scheduler shut down: harmless. */
  private void rethrowUnlessStopping(Scheduler current, String message, Exception e) {
    if (e instanceof RuntimeException runtime) {
      throw runtime;
    }
    try {
      if (current.isShutdown()) {
        LOG.debug("{}: the operator is stopping", message);
        return;
      }
    } catch (SchedulerException ignored) {
      // fall through to the failure
    }
    throw new IllegalStateException(message, e);
  }

  private Properties quartzProperties() {
    Properties p = new Properties();
    p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME,
        "keyrotation-" + controllerName + "-" + INSTANCES.incrementAndGet());
    p.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, "true");
    p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
    p.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, "org.quartz.simpl.SimpleThreadPool");
    // One worker is enough: a job only hands the resource to JOSDK's own executor.
    p.setProperty("org.quartz.threadPool.threadCount", "1");
    p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    p.setProperty("org.quartz.threadPool.threadNamePrefix", "wake-ups-" + controllerName);
    return p;
  }

  /** Quartz counts milliseconds; rounding down would wake a planner just before its due time. */
  private static long notBefore(Instant when) {
    Instant millis = when.truncatedTo(ChronoUnit.MILLIS);
    return (millis.equals(when) ? millis : millis.plusMillis(1)).toEpochMilli();
  }

  /** A pending wake-up: the resource and its instant in epoch milliseconds, about 100 bytes with its map entries. */
  private record WakeUp(long at, ResourceID resource) {
    static final Comparator<WakeUp> ORDER = Comparator.comparingLong(WakeUp::at)
        .thenComparing(wakeUp -> wakeUp.resource().getNamespace().orElse(""))
        .thenComparing(wakeUp -> wakeUp.resource().getName());
  }
}
