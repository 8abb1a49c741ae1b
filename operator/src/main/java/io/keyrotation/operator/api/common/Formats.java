package io.keyrotation.operator.api.common;

/**
 * Patterns shared by the CRD schemas. They must be RE2-compatible (no look-around), because the
 * Kubernetes API server evaluates {@code pattern} with Go's regexp.
 */
public final class Formats {
  /** ISO-8601 duration such as {@code P365D}, {@code P1Y}, {@code PT4H}; emptiness is refused by the operator. */
  public static final String DURATION = "^P([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+S)?)?$";
  /** Kubernetes CronJob syntax: five fields, or a macro such as {@code @daily}. */
  public static final String CRON = "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(\\S+\\s+){4}\\S+)$";
  public static final String VAULT_URL = "^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?$";
  public static final String AZURE_REGION = "^[a-z0-9]+$";
  /**
   * An EKM credential IDENTITY: a vault name (3-24 letters, digits, hyphens) alone or followed by
   * its endpoint's domain ({@code contoso.vault.usgovcloudapi.net}); {@code keyvault.EkmIdentity}
   * decides which form a vault needs.
   */
  public static final String EKM_IDENTITY = "^[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9](\\.[A-Za-z0-9-]+)*$";
  public static final String UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
  /** A Kubernetes object name (DNS-1123 subdomain). */
  public static final String OBJECT_NAME = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";
  /** A key inside a Secret's data. */
  public static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";
  /** A DNS-1123 label, used for names the operator reports in status. */
  public static final String LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
  /** A host name, an IPv4 address or an IPv6 literal such as {@code ::1} or {@code fd00::2} (no brackets). */
  public static final String HOST = "^([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7})$";
  /** A name in a TLS certificate: a host name, or a wildcard one such as {@code *.contoso.com}. */
  public static final String CERTIFICATE_HOST = "^(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$";
  /** A SQL Server sysname: no control characters; quoting makes every other character safe. */
  public static final String SQL_NAME = "^[^\\p{Cc}]{1,128}$";
  /** A template for a SQL Server object name; {@code {keyName}} is replaced by the vault key's name. */
  public static final String SQL_NAME_TEMPLATE = "^[A-Za-z_][A-Za-z0-9_{}-]{0,99}$";
  /** The SQL Server Connector accepts only these characters and at most 26 of them (error 2049). */
  public static final String VAULT_KEY_NAME = "^[A-Za-z0-9-]{1,26}$";
  /**
   * A key name prefix that leaves room for the generated suffix {@code -yyyyMMdd-NN} (12 characters)
   * inside the connector's 26-character limit.
   */
  public static final String VAULT_KEY_NAME_PREFIX = "^[A-Za-z0-9]([A-Za-z0-9-]{0,12}[A-Za-z0-9])?$";
  public static final String TIME_ZONE = "^[A-Za-z0-9_+/-]{1,64}$";

  private Formats() {}
}
