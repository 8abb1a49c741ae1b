package io.keyrotation.operator.graph;

import java.util.Objects;

/**
 * What {@code addPassword} returns: the new credential and its secret text, which Graph shows only
 * this once. {@link #toString()} never shows the secret.
 */
public record AddedPassword(PasswordCredential credential, String secretText) {
  public AddedPassword {
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(secretText, "secretText");
  }

  @Override
  public String toString() {
    return "AddedPassword[credential=" + credential + ", secretText=<redacted>]";
  }
}
