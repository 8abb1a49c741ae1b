package io.keyrotation.operator.schedule;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** What Quartz runs at a due time: it hands the resource to JOSDK and does nothing else. */
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
        Thread.currentThread().interrupt();
        return;
      }
    }
    source.fire(context.getJobDetail());
  }
}
