package io.keyrotation.operator.eventgrid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the optional Event Grid endpoint, off unless {@code KEYROTATION_EVENTGRID_PORT} is set.
 * When on, TLS and the shared secret are required: the endpoint is never served over plain HTTP or
 * without authentication.
 *
 * @param port the HTTPS port
 * @param certificateFile PEM certificate chain (a Kubernetes TLS Secret's {@code tls.crt})
 * @param privateKeyFile PEM PKCS#8 private key ({@code tls.key}; cert-manager: {@code privateKey.encoding: PKCS8})
 * @param secretFile a file holding the shared secret Event Grid sends as the {@code code} query parameter
 */
public record EventGridConfig(int port, Path certificateFile, Path privateKeyFile, Path secretFile) {
  public static final String PORT = "KEYROTATION_EVENTGRID_PORT";
  public static final String CERT = "KEYROTATION_EVENTGRID_TLS_CERT_FILE";
  public static final String KEY = "KEYROTATION_EVENTGRID_TLS_KEY_FILE";
  public static final String SECRET = "KEYROTATION_EVENTGRID_SECRET_FILE";

  /** Empty when the endpoint is off; IllegalArgumentException naming the variable when a setting is wrong. */
  public static Optional<EventGridConfig> fromEnvironment(Map<String, String> env) {
    String port = env.getOrDefault(PORT, "").trim();
    if (port.isEmpty()) {
      return Optional.empty();
    }
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PORT + " must be a port number, got '" + port + "'");
    }
    if (number < 0 || number > 65535) {
      throw new IllegalArgumentException(PORT + " must be a port number (0-65535), got " + number);
    }
    return Optional.of(new EventGridConfig(number, file(env, CERT), file(env, KEY), file(env, SECRET)));
  }

  private static Path file(Map<String, String> env, String variable) {
    String value = env.getOrDefault(variable, "").trim();
    if (value.isEmpty()) {
      throw new IllegalArgumentException(variable + " is required when " + PORT + " is set");
    }
    Path path = Path.of(value);
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException(variable + " names a file that cannot be read: " + value);
    }
    return path;
  }
}
