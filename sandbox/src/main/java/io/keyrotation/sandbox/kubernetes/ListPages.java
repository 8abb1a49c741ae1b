package io.keyrotation.sandbox.kubernetes;

import static io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.NAME;
import static io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.NAMESPACE;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A list request's {@code limit} and {@code continue}, as the API server pages a collection: items in key order
 * (namespace, then name), at most {@code limit} of them, and a continue token naming the last key served while more
 * remain. The mock answered every list whole; an informer that pages (client-go does by default, 500 at a time) then
 * got everything at once and a limit in the operator went untested.
 *
 * <p>Stricter than nothing, looser than etcd in one way: the API server serves the later pages from a snapshot at the
 * first page's resourceVersion; here each page is read from the store as it is then, so an object created or deleted
 * between pages may be seen or missed as it would be by a list followed by a watch from its resourceVersion.
 */
final class ListPages {
  private static final Comparator<AttributeSet> KEY_ORDER = Comparator
      .comparing((AttributeSet key) -> value(key, NAMESPACE)).thenComparing(key -> value(key, NAME));
  private static final String TOKEN_PREFIX = "standin/v1:";

  /** A page of a collection, and the token of the next one (empty when this is the last). */
  record Page(List<AttributeSet> keys, Optional<String> continueToken) {}

  /** Refused as the API server refuses it: 400 Bad Request, which clients do not retry. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  private final int limit;
  private final String startAfter;

  private ListPages(int limit, String startAfter) {
    this.limit = limit;
    this.startAfter = startAfter;
  }

  /** The paging a request path asks for, or empty for a whole list (no positive limit and no continue). */
  static Optional<ListPages> of(String path) {
    Map<String, String> query = query(path);
    String token = query.get("continue");
    int limit = parseLimit(query.get("limit"));
    if (token == null && limit <= 0) {
      return Optional.empty();
    }
    return Optional.of(new ListPages(limit <= 0 ? Integer.MAX_VALUE : limit, token == null ? null : decode(token)));
  }

  Page page(List<AttributeSet> matching) {
    List<AttributeSet> ordered = matching.stream().sorted(KEY_ORDER)
        .filter(key -> startAfter == null || keyString(key).compareTo(startAfter) > 0).toList();
    if (ordered.size() <= limit) {
      return new Page(ordered, Optional.empty());
    }
    List<AttributeSet> page = ordered.subList(0, limit);
    return new Page(page, Optional.of(encode(keyString(page.get(limit - 1)))));
  }

  private static String keyString(AttributeSet key) {
    // '\u0000' sorts before any character a namespace may hold, so the string order is the (namespace, name) order.
    return value(key, NAMESPACE) + '\u0000' + value(key, NAME);
  }

  private static String value(AttributeSet key, String attribute) {
    Attribute found = key.getAttribute(attribute);
    return found == null || found.getValues().isEmpty() ? "" : found.getValues().get(0).toString();
  }

  private static String encode(String lastKey) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((TOKEN_PREFIX + lastKey).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!text.startsWith(TOKEN_PREFIX)) {
        throw new Refused("continue key is not valid");
      }
      return text.substring(TOKEN_PREFIX.length());
    } catch (IllegalArgumentException e) {
      throw new Refused("continue key is not valid");
    }
  }

  private static int parseLimit(String limit) {
    if (limit == null || limit.isEmpty()) {
      return 0;
    }
    try {
      return Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      throw new Refused("limit must be an integer");
    }
  }

  private static Map<String, String> query(String path) {
    int question = path.indexOf('?');
    if (question < 0) {
      return Map.of();
    }
    Map<String, String> parameters = new HashMap<>();
    for (String pair : path.substring(question + 1).split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return parameters;
  }
}
