package io.keyrotation.operator.schedule;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** What Quartz runs at the earliest due time: it hands the resources due to JOSDK and does nothing else. */
final class WakeUpJob implements Job {
  private final DueTimeEventSource<?> source;

  WakeUpJob(DueTimeEventSource<?> source) {
    this.source = source;
  }

  @Override
  public void execute(JobExecutionContext context) {
    // Quartz's scheduler thread may release a trigger a couple of milliseconds before its time; a
    // planner woken before its due time would find nothing due, so wait out the difference.
    long early = context.getScheduledFireTime().getTime() - System.currentTimeMillis();
    if (early > 0) {
      try {
        Thread.sleep(early);
      } catch (InterruptedException e) {
        // Still fire: it hands over only what is due, and it is what schedules the next trigger.
        Thread.currentThread().interrupt();
      }
    }
    source.fire();
  }
}
