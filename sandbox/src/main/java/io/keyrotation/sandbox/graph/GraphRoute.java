package io.keyrotation.sandbox.graph;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed Graph request path: which operation on which application (addressed by its appId). */
record GraphRoute(GraphOperation operation, String appId) {
  // applications(appId='{appId}') is Graph's alternate-key addressing of an application by client id.
  private static final Pattern PATH = Pattern.compile("^/v1\\.0/applications\\(appId='([^']+)'\\)(/addPassword|/removePassword)?/?$");

  static Optional<GraphRoute> parse(String method, String path) {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    String action = m.group(2);
    if (action == null) {
      return "GET".equals(method) ? Optional.of(new GraphRoute(GraphOperation.GET_APPLICATION, m.group(1))) : Optional.empty();
    }
    if (!"POST".equals(method)) {
      return Optional.empty();
    }
    return Optional.of(new GraphRoute(action.equals("/addPassword") ? GraphOperation.ADD_PASSWORD : GraphOperation.REMOVE_PASSWORD,
        m.group(1)));
  }
}
