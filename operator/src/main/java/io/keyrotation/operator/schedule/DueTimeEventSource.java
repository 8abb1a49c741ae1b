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
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
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
 * (see DESIGN.md, "Scheduling"). Quartz holds at most one trigger per resource, in memory; when it
 * fires, the resource is handed to JOSDK as an ordinary event and the reconcile decides what, if
 * anything, is due. Nothing here survives a restart, on purpose: every reconcile derives the due
 * time from status and calls {@link #wakeAt} again.
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
 * <p>One Quartz scheduler per event source rather than one per operator: its lifecycle is then
 * exactly JOSDK's start/stop of this event source (no sharing or reference counting between
 * controllers), and the cost is two idle threads per controller. JOSDK starts event sources on
 * standby replicas too (to warm caches), but only the leader reconciles, so only the leader ever
 * holds triggers.
 */
public final class DueTimeEventSource<P extends HasMetadata> extends AbstractEventSource<Void, P>
    implements WakeUps, ResourceEventAware<P> {
  private static final Logger LOG = LoggerFactory.getLogger(DueTimeEventSource.class);
  private static final String GROUP = "wake-ups";
  private static final String NAMESPACE = "namespace";
  private static final String NAME = "name";
  /** Quartz keeps schedulers in a JVM-wide registry by name; tests run several operators in one JVM. */
  private static final AtomicLong INSTANCES = new AtomicLong();

  private final String controllerName;
  private volatile Scheduler scheduler;
  /**
   * The instant of each wake-up handed to Quartz and not yet fired or cancelled. A reconcile with nothing due asks for
   * the same wake-up it already has; replacing it in Quartz would take the job store's lock (which its scheduler
   * thread holds while it picks triggers) for nothing. Errs only towards scheduling again: an entry goes when its
   * trigger fires, is cancelled, or the scheduler stops.
   */
  private final Map<ResourceID, Date> pending = new ConcurrentHashMap<>();

  private DueTimeEventSource(String controllerName) {
    super(Void.class, "wake-ups");
    this.controllerName = controllerName;
  }

  public static <P extends HasMetadata> DueTimeEventSource<P> forController(String controllerName) {
    return new DueTimeEventSource<>(controllerName);
  }

  @Override
  public void wakeAt(ResourceID resource, Instant when) {
    Scheduler current = runningScheduler(resource);
    if (current == null) {
      return;
    }
    Date at = notBefore(when);
    if (at.equals(pending.put(resource, at))) {
      return;
    }
    JobKey key = jobKey(resource);
    JobDetail job = JobBuilder.newJob(WakeUpJob.class).withIdentity(key)
        .usingJobData(NAMESPACE, resource.getNamespace().orElse(""))
        .usingJobData(NAME, resource.getName())
        .build();
    // "Fire now" on misfire: an instant missed (in the past, or while Quartz was busy) fires at once.
    Trigger trigger = TriggerBuilder.newTrigger().withIdentity(triggerKey(resource)).forJob(job)
        .startAt(at)
        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
        .build();
    try {
      current.scheduleJob(job, Set.of(trigger), true);
    } catch (SchedulerException e) {
      pending.remove(resource, at);
      failUnlessStopping(current, "could not schedule the wake-up of " + resource, e);
    } catch (RuntimeException e) {
      pending.remove(resource, at);
      throw e;
    }
  }

  @Override
  public void cancel(ResourceID resource) {
    pending.remove(resource);
    Scheduler current = runningScheduler(resource);
    if (current == null) {
      return;
    }
    try {
      current.deleteJob(jobKey(resource));
    } catch (SchedulerException e) {
      failUnlessStopping(current, "could not cancel the wake-up of " + resource, e);
    }
  }

  /**
   * When the resource will next be woken, if a wake-up is pending; read from Quartz itself, so at
   * millisecond precision: the requested instant rounded up.
   */
  public Optional<Instant> scheduledWakeUp(ResourceID resource) {
    Scheduler current = scheduler;
    if (current == null) {
      return Optional.empty();
    }
    try {
      if (!current.checkExists(jobKey(resource))) {
        return Optional.empty();
      }
      Trigger trigger = current.getTrigger(triggerKey(resource));
      return trigger == null ? Optional.empty() : Optional.ofNullable(trigger.getNextFireTime()).map(Date::toInstant);
    } catch (SchedulerException e) {
      throw new IllegalStateException("could not read the wake-up of " + resource, e);
    }
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
      created.start();
      pending.clear();
      scheduler = created;
    } catch (SchedulerException e) {
      throw new OperatorException("could not start the wake-up scheduler of controller " + controllerName, e);
    }
    super.start();
  }

  @Override
  public synchronized void stop() throws OperatorException {
    super.stop();
    Scheduler current = scheduler;
    scheduler = null;
    pending.clear();
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

  void fire(JobDetail job) {
    String namespace = job.getJobDataMap().getString(NAMESPACE);
    ResourceID resource = new ResourceID(job.getJobDataMap().getString(NAME), namespace.isEmpty() ? null : namespace);
    pending.remove(resource);
    if (isRunning()) {
      LOG.debug("waking {} of controller {}", resource, controllerName);
      getEventHandler().handleEvent(new Event(resource));
    }
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
  private void failUnlessStopping(Scheduler current, String message, SchedulerException e) {
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
  private static Date notBefore(Instant when) {
    Instant millis = when.truncatedTo(ChronoUnit.MILLIS);
    return Date.from(millis.equals(when) ? millis : millis.plusMillis(1));
  }

  private static JobKey jobKey(ResourceID resource) {
    return JobKey.jobKey(keyName(resource), GROUP);
  }

  private static TriggerKey triggerKey(ResourceID resource) {
    return TriggerKey.triggerKey(keyName(resource), GROUP);
  }

  /** Kubernetes names never contain '/', so namespace/name is unique. */
  private static String keyName(ResourceID resource) {
    return resource.getNamespace().orElse("") + "/" + resource.getName();
  }
}
