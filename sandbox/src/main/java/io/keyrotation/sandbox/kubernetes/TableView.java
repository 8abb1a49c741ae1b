package io.keyrotation.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The server-side {@code Table} (meta.k8s.io/v1) kubectl asks for when it lists custom resources: a Name column, the
 * CRD version's {@code additionalPrinterColumns} (JSONPath, evaluated with Jayway JsonPath), or Age when there are
 * none; dates shown as ages, as the API server shows them.
 */
final class TableView {

  private static final Configuration JSON_PATH = Configuration.builder()
      .jsonProvider(new JacksonJsonNodeJsonProvider())
      .mappingProvider(new JacksonMappingProvider())
      .options(Option.SUPPRESS_EXCEPTIONS)
      .build();

  private final Clock clock;

  TableView(Clock clock) {
    this.clock = clock;
  }

  /** @param body a stored object or a list of them, as the store answered a GET */
  ObjectNode table(JsonNode crd, String version, JsonNode body) {
    List<JsonNode> columns = printerColumns(crd, version);
    ObjectNode table = ObjectStore.JSON.createObjectNode();
    table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", body.path("metadata").path("resourceVersion").asText(""));
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions.addObject().put("name", "Name").put("type", "string").put("format", "name")
        .put("description", "Name must be unique within a namespace.").put("priority", 0);
    for (JsonNode column : columns) {
      definitions.addObject().put("name", column.path("name").asText()).put("type", column.path("type").asText())
          .put("format", column.path("format").asText("")).put("description", column.path("description").asText(""))
          .put("priority", column.path("priority").asInt(0));
    }
    ArrayNode rows = table.putArray("rows");
    List<JsonNode> objects = new ArrayList<>();
    if (body.has("items")) {
      body.get("items").forEach(objects::add);
    } else {
      objects.add(body);
    }
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(object.path("metadata").path("name").asText());
      for (JsonNode column : columns) {
        cells.add(cell(column, object));
      }
      ObjectNode partial = row.putObject("object");
      partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
      partial.set("metadata", object.path("metadata").deepCopy());
    }
    return table;
  }

  private static List<JsonNode> printerColumns(JsonNode crd, String version) {
    List<JsonNode> columns = new ArrayList<>();
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(version)) {
        v.path("additionalPrinterColumns").forEach(columns::add);
      }
    }
    if (columns.isEmpty()) {
      ObjectNode age = ObjectStore.JSON.createObjectNode();
      age.put("name", "Age").put("type", "date").put("jsonPath", ".metadata.creationTimestamp");
      columns.add(age);
    }
    return columns;
  }

  private JsonNode cell(JsonNode column, JsonNode object) {
    JsonNode value = evaluate(column.path("jsonPath").asText(), object);
    if (value == null || value.isNull() || value.isMissingNode()) {
      return ObjectStore.JSON.nullNode();
    }
    if ("date".equals(column.path("type").asText()) && value.isTextual()) {
      return ObjectStore.JSON.getNodeFactory().textNode(age(value.asText()));
    }
    if (value.isContainerNode()) {
      return ObjectStore.JSON.getNodeFactory().textNode(value.toString());
    }
    return value;
  }

  private static JsonNode evaluate(String kubernetesJsonPath, JsonNode object) {
    String path = kubernetesJsonPath.replaceAll("^\\{|\\}$", "");
    JsonNode result = JsonPath.using(JSON_PATH).parse(object).read("$" + path);
    if (result != null && result.isArray() && path.contains("[?")) {
      return result.isEmpty() ? null : result.get(0);
    }
    return result;
  }

  private String age(String timestamp) {
    try {
      Duration age = Duration.between(Instant.parse(timestamp), clock.instant());
      long seconds = Math.max(0, age.getSeconds());
      if (seconds < 120) {
        return seconds + "s";
      } else if (seconds < 3 * 3600) {
        return seconds / 60 + "m";
      } else if (seconds < 48 * 3600) {
        return seconds / 3600 + "h";
      } else if (seconds < 365L * 86400) {
        return seconds / 86400 + "d";
      }
      return seconds / (365L * 86400) + "y";
    } catch (DateTimeParseException e) {
      return timestamp;
    }
  }
}
