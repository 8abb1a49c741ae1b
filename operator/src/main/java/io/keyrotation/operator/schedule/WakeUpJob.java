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
    source.fire(context.getJobDetail());
  }
}
