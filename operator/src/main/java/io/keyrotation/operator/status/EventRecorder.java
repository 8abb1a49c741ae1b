package io.keyrotation.operator.status;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Emits core/v1 Events about a resource. A failure to record an event never fails a reconcile. */
public class EventRecorder {
  public static final String COMPONENT = "keyrotation-operator";
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(HasMetadata resource, String reason, String message) {
    record(resource, "Normal", reason, message);
  }

  public void warning(HasMetadata resource, String reason, String message) {
    record(resource, "Warning", reason, message);
  }

  private void record(HasMetadata resource, String type, String reason, String message) {
    // The same story in the logs as in the Events, with the resource and the reason in the MDC.
    try (LogContext about = LogContext.resource(resource); LogContext why = LogContext.reason(reason)) {
      if ("Warning".equals(type)) {
        LOG.warn("{}: {}", reason, message);
      } else {
        LOG.info("{}: {}", reason, message);
      }
    }
    String now = clock.instant().toString();
    String namespace = resource.getMetadata().getNamespace();
    try {
      client.v1().events().inNamespace(namespace).resource(new EventBuilder()
          .withNewMetadata()
            .withName(resource.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
            .withNamespace(namespace)
          .endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder()
              .withApiVersion(resource.getApiVersion())
              .withKind(resource.getKind())
              .withName(resource.getMetadata().getName())
              .withNamespace(namespace)
              .withUid(resource.getMetadata().getUid())
              .withResourceVersion(resource.getMetadata().getResourceVersion())
              .build())
          .withType(type)
          .withReason(reason)
          .withMessage(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message)
          .withFirstTimestamp(now)
          .withLastTimestamp(now)
          .withCount(1)
          .withReportingComponent(COMPONENT)
          .withNewSource(COMPONENT, null)
          .build()).create();
    } catch (RuntimeException e) {
      LOG.warn("could not record event {} for {}/{}: {}", reason, namespace, resource.getMetadata().getName(), e.getMessage());
    }
  }
}
