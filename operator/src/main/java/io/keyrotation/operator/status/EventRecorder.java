package io.keyrotation.operator.status;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits core/v1 Events about a resource. A failure to record an event never fails a reconcile.
 *
 * <p>An Event is recorded once per occurrence: its name is derived from the resource's uid, its type, reason and
 * what makes it one occurrence, so a reconcile repeated after a failed status write (a 409, a 403) creates the same
 * name again, which the API server refuses as already existing. An occurrence is the message at the resource's
 * version: the version does not change when the write that followed was lost, and a new version is a new occurrence.
 */
public class EventRecorder {
  public static final String COMPONENT = "keyrotation-operator";
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_MESSAGE = 1024;
  /** An Event's name is a DNS subdomain (253 characters): the resource's name, a dot and 16 hex digits. */
  private static final int MAX_NAME_PREFIX = 253 - 17;

  private final KubernetesClient client;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(HasMetadata resource, String reason, String message) {
    record(resource, "Normal", reason, message, atVersion(resource, message));
  }

  public void warning(HasMetadata resource, String reason, String message) {
    record(resource, "Warning", reason, message, atVersion(resource, message));
  }

  private static String atVersion(HasMetadata resource, String message) {
    return "version " + resource.getMetadata().getResourceVersion() + ": " + message;
  }

  private void record(HasMetadata resource, String type, String reason, String message, String occurrence) {
    String now = clock.instant().toString();
    String namespace = resource.getMetadata().getNamespace();
    RuntimeException notRecorded = null;
    try {
      client.v1().events().inNamespace(namespace).resource(new EventBuilder()
          .withNewMetadata()
            .withName(name(resource, type, reason, occurrence))
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
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        LOG.debug("event {} for {}/{} already recorded", reason, namespace, resource.getMetadata().getName());
        return;
      }
      notRecorded = e;
    } catch (RuntimeException e) {
      notRecorded = e;
    }
    // The same story in the logs as in the Events, with the resource and the reason in the MDC.
    try (LogContext about = LogContext.resource(resource); LogContext why = LogContext.reason(reason)) {
      if ("Warning".equals(type)) {
        LOG.warn("{}: {}", reason, message);
      } else {
        LOG.info("{}: {}", reason, message);
      }
    }
    if (notRecorded != null) {
      LOG.warn("could not record event {} for {}/{}: {}", reason, namespace, resource.getMetadata().getName(),
          notRecorded.getMessage());
    }
  }

  private static String name(HasMetadata resource, String type, String reason, String occurrence) {
    String resourceName = resource.getMetadata().getName();
    String prefix = resourceName.length() > MAX_NAME_PREFIX ? resourceName.substring(0, MAX_NAME_PREFIX) : resourceName;
    return prefix + "." + HexFormat.of().formatHex(sha256(resource.getMetadata().getUid() + "\n" + type + "\n" + reason
        + "\n" + occurrence), 0, 8);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
