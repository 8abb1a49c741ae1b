package io.keyrotation.operator.api.common;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Each naming rule of the systems the operator writes to, in one place: the CRD schema uses the
 * {@link Formats} constants these are built from; validators and gateways call {@link NameRule#problem}.
 * Lengths count characters (code points), as the API server's {@code maxLength} and CEL's {@code size} do.
 */
public final class NameRules {
  public static final NameRule VAULT_NAME =
      new NameRule(Formats.VAULT_NAME, Formats.VAULT_NAME_MIN, Formats.VAULT_NAME_MAX, Formats.VAULT_NAME_WORDS);
  public static final NameRule KEY_NAME = new NameRule(Formats.KEY_NAME, 1, Formats.KEY_NAME_MAX, Formats.KEY_NAME_WORDS);
  public static final NameRule CONNECTOR_KEY_NAME = new NameRule(Formats.VAULT_KEY_NAME, 1,
      Formats.CONNECTOR_KEY_NAME_MAX, Formats.CONNECTOR_KEY_NAME_WORDS);
  public static final NameRule KEY_NAME_PREFIX =
      new NameRule(Formats.VAULT_KEY_NAME_PREFIX, 1, 14, Formats.VAULT_KEY_NAME_PREFIX_WORDS);
  public static final NameRule BLOB_CONTAINER = new NameRule(Formats.BLOB_CONTAINER, Formats.BLOB_CONTAINER_MIN,
      Formats.BLOB_CONTAINER_MAX, Formats.BLOB_CONTAINER_WORDS);
  public static final NameRule BLOB_PREFIX = new NameRule(Formats.BLOB_PREFIX, 1, Formats.BLOB_PREFIX_MAX, Formats.BLOB_PREFIX_WORDS);
  public static final NameRule SQL_NAME = new NameRule(Formats.SQL_NAME, 1, Formats.SQL_NAME_MAX, Formats.SQL_NAME_WORDS);

  private static final Pattern EKM_IDENTITY_DOMAIN = Pattern.compile("(\\.[A-Za-z0-9-]+)*");

  private NameRules() {}

  /**
   * Why {@code identity} is no EKM credential IDENTITY ({@link Formats#EKM_IDENTITY_WORDS}): a vault name by
   * {@link #VAULT_NAME}, alone or followed by its endpoint's domain.
   */
  public static Optional<String> ekmIdentityProblem(String identity) {
    if (identity == null || identity.isEmpty()) {
      return Optional.of("is empty; " + Formats.EKM_IDENTITY_WORDS);
    }
    if (identity.length() > Formats.EKM_IDENTITY_MAX) {
      return Optional.of("has more than " + Formats.EKM_IDENTITY_MAX + " characters; " + Formats.EKM_IDENTITY_WORDS);
    }
    int dot = identity.indexOf('.');
    String name = dot < 0 ? identity : identity.substring(0, dot);
    boolean domain = dot < 0 || EKM_IDENTITY_DOMAIN.matcher(identity.substring(dot)).matches();
    return VAULT_NAME.accepts(name) && domain ? Optional.empty() : Optional.of("is not allowed: " + Formats.EKM_IDENTITY_WORDS);
  }

  public record NameRule(Pattern pattern, int min, int max, String words) {
    NameRule(String pattern, int min, int max, String words) {
      this(Pattern.compile(pattern), min, max, words);
    }

    public boolean accepts(String name) {
      return problem(name).isEmpty();
    }

    /** Why {@code name} breaks the rule, in words a user can act on; empty when it does not. */
    public Optional<String> problem(String name) {
      if (name == null || name.isEmpty()) {
        return Optional.of("is empty; " + words);
      }
      int length = name.codePointCount(0, name.length());
      if (length < min || length > max) {
        return Optional.of("has " + length + " characters; " + words);
      }
      return pattern.matcher(name).matches() ? Optional.empty() : Optional.of("is not allowed: " + words);
    }
  }
}
