package io.keyrotation.operator.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operation label of a Blob service call, from its method and the {@code restype}/{@code comp}
 * query parameters (https://learn.microsoft.com/rest/api/storageservices/blob-service-rest-api).
 */
final class BlobOperations {
  private BlobOperations() {}

  static String of(String method, String query) {
    Set<String> params = query == null ? Set.of() : Arrays.stream(query.split("&"))
        .map(p -> p.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    boolean container = params.contains("restype=container");
    if (params.contains("comp=list")) {
      return container ? "listBlobs" : "listContainers";
    }
    if (params.contains("comp=block")) {
      return "putBlock";
    }
    if (params.contains("comp=blocklist")) {
      return "putBlockList";
    }
    if (params.contains("comp=metadata")) {
      return method.equals("GET") || method.equals("HEAD") ? "getMetadata" : "setMetadata";
    }
    return switch (method) {
      case "PUT" -> container ? "createContainer" : "putBlob";
      case "GET" -> container ? "getContainerProperties" : "getBlob";
      case "HEAD" -> container ? "getContainerProperties" : "getBlobProperties";
      case "DELETE" -> container ? "deleteContainer" : "deleteBlob";
      default -> "other";
    };
  }
}
