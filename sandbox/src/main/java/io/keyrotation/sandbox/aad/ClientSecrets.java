package io.keyrotation.sandbox.aad;

import io.keyrotation.sandbox.IssuedSecrets;

import java.security.SecureRandom;

/**
 * Client secret texts as Azure AD generates them: 40 characters, three random ones, the version
 * marker {@code 8Q~}, then random characters from the set Azure AD uses ({@code A-Z a-z 0-9 . _ ~ -}).
 * The caller never chooses the text (Graph {@code addPassword} ignores a supplied {@code secretText}).
 */
final class ClientSecrets {
  private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String SECRET_CHARACTERS = ALPHANUMERIC + "._~-";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ClientSecrets() {}

  static String generate() {
    StringBuilder text = new StringBuilder(40);
    for (int i = 0; i < 3; i++) {
      text.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
    }
    text.append("8Q~");
    while (text.length() < 40) {
      text.append(SECRET_CHARACTERS.charAt(RANDOM.nextInt(SECRET_CHARACTERS.length())));
    }
    IssuedSecrets.record("Azure AD generated client secret", text.toString());
    return text.toString();
  }
}
