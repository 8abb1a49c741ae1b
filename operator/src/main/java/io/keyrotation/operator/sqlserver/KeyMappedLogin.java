package io.keyrotation.operator.sqlserver;

import java.util.List;

/** A login created from an asymmetric key, and the credentials mapped to it. */
public record KeyMappedLogin(String name, String asymmetricKeyName, List<String> credentials) {
  public KeyMappedLogin {
    credentials = List.copyOf(credentials);
  }
}
