package io.keyrotation.operator.eventgrid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One POST from Event Grid, in either schema it delivers
 * (https://learn.microsoft.com/azure/event-grid/event-schema, .../cloud-event-schema): the Event
 * Grid schema is a JSON array of events with {@code eventType} and {@code data}; CloudEvents 1.0 is
 * one event ({@code application/cloudevents+json}) or an array
 * ({@code application/cloudevents-batch+json}) with {@code specversion}, {@code type} and {@code data}.
 * A subscription validation event carries the code to echo back.
 */
record Delivery(Optional<String> validationCode, List<KeyVaultEvent> events) {
  static final String VALIDATION = "Microsoft.EventGrid.SubscriptionValidationEvent";
  /** Event Grid delivers at most 5,000 events in one batch. */
  static final int MAX_EVENTS = 5000;
  private static final ObjectMapper JSON = new ObjectMapper();

  static Delivery parse(String contentType, byte[] body) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";")[0].trim();
    if (!type.equals("application/json") && !type.equals("application/cloudevents+json")
        && !type.equals("application/cloudevents-batch+json")) {
      throw new RefusedDelivery("content type must be application/json or a CloudEvents JSON type");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new RefusedDelivery("the body is not JSON");
    } catch (java.io.IOException e) {
      throw new RefusedDelivery("the body could not be read");
    }
    List<JsonNode> items = new ArrayList<>();
    if (root != null && root.isArray()) {
      root.forEach(items::add);
    } else if (root != null && root.isObject() && type.equals("application/cloudevents+json")) {
      items.add(root);
    } else {
      throw new RefusedDelivery("expected an array of events (or one CloudEvent)");
    }
    if (items.isEmpty() || items.size() > MAX_EVENTS) {
      throw new RefusedDelivery("a delivery holds 1 to " + MAX_EVENTS + " events");
    }
    List<KeyVaultEvent> events = new ArrayList<>();
    for (JsonNode item : items) {
      String eventType = eventType(item);
      if (VALIDATION.equals(eventType)) {
        String code = item.path("data").path("validationCode").asText("");
        if (items.size() != 1 || !code.matches("[0-9A-Za-z-]{1,100}")) {
          throw new RefusedDelivery("a subscription validation event comes alone, with a validation code");
        }
        return new Delivery(Optional.of(code), List.of());
      }
      events.add(KeyVaultEvent.of(eventType, item.path("data")));
    }
    return new Delivery(Optional.empty(), List.copyOf(events));
  }

  private static String eventType(JsonNode item) {
    if (!item.isObject()) {
      throw new RefusedDelivery("an event must be a JSON object");
    }
    if (item.has("specversion")) {
      if (!"1.0".equals(item.path("specversion").asText())) {
        throw new RefusedDelivery("only CloudEvents specversion 1.0 is accepted");
      }
      return item.path("type").asText("");
    }
    if (item.has("eventType")) {
      return item.path("eventType").asText("");
    }
    throw new RefusedDelivery("an event has neither eventType (Event Grid schema) nor specversion (CloudEvents)");
  }
}
