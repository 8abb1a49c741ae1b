package io.keyrotation.sandbox.kubernetes;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP request to the API, with its path split from its query and its body read without consuming it. */
final class ApiRequest {

  private final HttpMethod method;
  private final String pathAndQuery;
  private final String path;
  private final Map<String, String> query;
  private final String contentType;
  private final String body;
  private final boolean webSocketUpgrade;
  private String accept = "";
  private String authorization;

  private ApiRequest(HttpMethod method, String pathAndQuery, String contentType, String body, boolean webSocketUpgrade) {
    this.method = method;
    this.pathAndQuery = pathAndQuery;
    int q = pathAndQuery.indexOf('?');
    this.path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    this.query = parseQuery(q < 0 ? "" : pathAndQuery.substring(q + 1));
    this.contentType = contentType == null ? "" : contentType;
    this.body = body;
    this.webSocketUpgrade = webSocketUpgrade;
  }

  static ApiRequest of(RecordedRequest request) {
    String upgrade = request.getHeader("Upgrade");
    ApiRequest parsed = new ApiRequest(request.method(), request.getPath(), request.getHeader("Content-Type"),
        new String(request.getBody().getBytes(), StandardCharsets.UTF_8), "websocket".equalsIgnoreCase(upgrade));
    parsed.accept = request.getHeader("Accept") == null ? "" : request.getHeader("Accept");
    parsed.authorization = request.getHeader("Authorization");
    return parsed;
  }

  static ApiRequest of(HttpMethod method, String pathAndQuery, String contentType, String body) {
    return new ApiRequest(method, pathAndQuery, contentType, body, false);
  }

  /** The same request with another method, path and JSON body, as the CRUD store expects it. */
  ApiRequest rewrite(HttpMethod newMethod, String newPathAndQuery, String jsonBody) {
    return new ApiRequest(newMethod, newPathAndQuery, "application/json", jsonBody, false);
  }

  ApiRequest withBody(String jsonBody) {
    return rewrite(method, pathAndQuery, jsonBody);
  }

  RecordedRequest toRecorded() {
    Headers headers = Headers.builder().add("Content-Type", contentType).build();
    return new RecordedRequest("HTTP/1.1", method, pathAndQuery, headers,
        new Buffer(body.getBytes(StandardCharsets.UTF_8)));
  }

  HttpMethod method() {
    return method;
  }

  String path() {
    return path;
  }

  String pathAndQuery() {
    return pathAndQuery;
  }

  String queryParameter(String name) {
    return query.get(name);
  }

  /** The Authorization header as sent (null when absent); rewritten requests have none. */
  String authorization() {
    return authorization;
  }

  boolean isWatch() {
    String watch = query.get("watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  /** A watch over plain HTTP (a chunked stream), as kubectl makes; fabric8 watches over WebSocket. */
  boolean isHttpStreamingWatch() {
    String watch = query.get("watch");
    return method == HttpMethod.GET && ("true".equals(watch) || "1".equals(watch)) && !webSocketUpgrade;
  }

  /** kubectl get asks for a server-side Table (meta.k8s.io) first, to print the CRD's printer columns. */
  boolean acceptsTable() {
    return accept.contains("as=Table");
  }

  boolean isWrite() {
    return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH
        || method == HttpMethod.DELETE;
  }

  /** Media type without parameters, lower case, e.g. {@code application/apply-patch+yaml}. */
  String mediaType() {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase();
  }

  String body() {
    return body;
  }

  private static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      parameters.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return parameters;
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
