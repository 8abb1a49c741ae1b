package io.keyrotation.operator.api.common;

/**
 * Patterns shared by the CRD schemas. They must be RE2-compatible (no look-around), because the
 * Kubernetes API server evaluates {@code pattern} with Go's regexp.
 */
public final class Formats {
  /**
   * ISO-8601 duration such as {@code P365D}, {@code P1Y}, {@code PT4H}; emptiness and durations longer than
   * {@code IsoDuration.MAX_YEARS} are refused by the operator, numbers of more than 10 digits already here.
   */
  public static final String DURATION =
      "^P([0-9]{1,10}Y)?([0-9]{1,10}M)?([0-9]{1,10}W)?([0-9]{1,10}D)?(T([0-9]{1,10}H)?([0-9]{1,10}M)?([0-9]{1,10}S)?)?$";
  public static final String DURATION_CEL = "self.matches(r'" + DURATION + "')";
  public static final String DURATION_WORDS = "must be an ISO-8601 duration such as P365D, P1Y, P2W or PT4H "
      + "(numbers of at most 10 digits, at most 100 years)";
  /** Kubernetes CronJob syntax: five fields, or a macro such as {@code @daily}. */
  public static final String CRON = "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(\\S+\\s+){4}\\S+)$";
  public static final String CRON_CEL = "self.matches(r'" + CRON + "')";
  public static final String CRON_WORDS = "must be a Kubernetes CronJob schedule: five fields separated by spaces "
      + "(minute hour day-of-month month day-of-week, e.g. \"30 2 * * *\") or one of @hourly, @daily, @weekly, "
      + "@monthly, @yearly";
  public static final String VAULT_URL = "^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?$";
  public static final String VAULT_URL_CEL = "self.matches(r'" + VAULT_URL + "')";
  public static final String VAULT_URL_WORDS = "must be the vault's https URL with nothing after the host (and port), "
      + "e.g. https://contoso-tde.vault.azure.net";
  /** Strings that carry a CEL rule get a maxLength, so that the API server's cost estimate stays bounded. */
  public static final int CEL_STRING_MAX = 256;
  public static final String AZURE_REGION = "^[a-z0-9]+$";
  /**
   * An EKM credential IDENTITY: a vault name (3-24 letters, digits, hyphens) alone or followed by
   * its endpoint's domain ({@code contoso.vault.usgovcloudapi.net}); {@code keyvault.EkmIdentity}
   * decides which form a vault needs.
   */
  public static final String EKM_IDENTITY = "^[A-Za-z](-?[A-Za-z0-9])*(\\.[A-Za-z0-9-]+)*$";
  public static final int EKM_IDENTITY_MAX = 128;
  public static final String EKM_IDENTITY_WORDS = "an EKM credential identity is the vault's name (3 to 24 letters, "
      + "digits and hyphens, starting with a letter, ending with a letter or digit, no two hyphens in a row), alone "
      + "or followed by its endpoint's domain, e.g. contoso-tde or contoso-tde.vault.usgovcloudapi.net";
  /** The pattern cannot count the name's length before the first dot; CEL's split can. */
  public static final String EKM_IDENTITY_CEL = "size(self.split('.')[0]) >= 3 && size(self.split('.')[0]) <= 24 "
      + "&& self.matches(r'" + EKM_IDENTITY + "')";
  public static final String UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
  public static final String UUID_CEL = "self.matches(r'" + UUID + "')";
  public static final String UUID_WORDS = "must be a GUID such as 9f2b1c4e-5d6a-4b7c-8e9f-0a1b2c3d4e5f (an id, not a "
      + "name: a tenant's is shown as Tenant ID, an application's as Application (client) ID in the Entra admin center)";
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
  /**
   * A SQL Server identifier (sysname: nvarchar(128)): 1 to 128 characters, no control characters, no blank
   * (space separator, line or paragraph separator) at either end; bracket quoting makes every other character
   * safe. Characters outside the Basic Multilingual Plane are refused: SQL Server counts them as two of the 128
   * while the API server counts one. The one rule for schema, validator and gateway: {@link NameRules#SQL_NAME}.
   */
  public static final String SQL_NAME =
      "^[^\\p{Cc}\\p{Z}\\x{10000}-\\x{10FFFF}]([^\\p{Cc}\\x{10000}-\\x{10FFFF}]*[^\\p{Cc}\\p{Z}\\x{10000}-\\x{10FFFF}])?$";
  public static final int SQL_NAME_MAX = 128;
  public static final String SQL_NAME_WORDS = "a SQL Server name has 1 to 128 characters, no control characters "
      + "and no blank at its start or end";
  /** A template for a SQL Server object name; {@code {keyName}} is replaced by the vault key's name. */
  public static final String SQL_NAME_TEMPLATE = "^[A-Za-z_][A-Za-z0-9_{}-]{0,99}$";

  /**
   * A Key Vault name: 3-24 characters, letters, digits and hyphens, starting with a letter, ending with a letter
   * or digit, no two hyphens in a row ("Key Vault naming rules", Azure resource naming rules for
   * Microsoft.KeyVault/vaults). The one rule: {@link NameRules#VAULT_NAME}.
   */
  public static final String VAULT_NAME = "^[A-Za-z](-?[A-Za-z0-9])*$";
  public static final int VAULT_NAME_MIN = 3;
  public static final int VAULT_NAME_MAX = 24;
  public static final String VAULT_NAME_WORDS = "a Key Vault name has 3 to 24 letters, digits and hyphens, starts "
      + "with a letter, ends with a letter or digit and has no two hyphens in a row";

  /** A Key Vault key name: 1-127 letters, digits and hyphens (Key Vault's object name rule). */
  public static final String KEY_NAME = "^[A-Za-z0-9-]+$";
  public static final int KEY_NAME_MAX = 127;
  public static final String KEY_NAME_WORDS = "a Key Vault key name has 1 to 127 letters, digits and hyphens";
  public static final String KEY_NAME_CEL = "size(self) >= 1 && size(self) <= " + KEY_NAME_MAX + " && self.matches(r'" + KEY_NAME + "')";

  /** The SQL Server Connector accepts only these characters and at most 26 of them (error 2049). */
  public static final String VAULT_KEY_NAME = "^[A-Za-z0-9-]{1,26}$";
  public static final int CONNECTOR_KEY_NAME_MAX = 26;
  public static final String CONNECTOR_KEY_NAME_WORDS = "a key the SQL Server Connector uses has 1 to 26 letters, digits "
      + "and hyphens (connector error 2049 for longer names)";
  public static final String CONNECTOR_KEY_NAME_CEL = "self.matches(r'" + VAULT_KEY_NAME + "')";
  /**
   * A key name prefix that leaves room for the generated suffix {@code -yyyyMMdd-NN} (12 characters)
   * inside the connector's 26-character limit.
   */
  public static final String VAULT_KEY_NAME_PREFIX = "^[A-Za-z0-9]([A-Za-z0-9-]{0,12}[A-Za-z0-9])?$";
  public static final String VAULT_KEY_NAME_PREFIX_WORDS = "a key name prefix has 1 to 14 letters, digits and hyphens, "
      + "starting and ending with a letter or digit, so that <prefix>-<yyyyMMdd>-<NN> fits the SQL Server "
      + "Connector's 26 characters";
  public static final String VAULT_KEY_NAME_PREFIX_CEL = "self.matches(r'" + VAULT_KEY_NAME_PREFIX + "')";

  /**
   * A Blob Storage container name: 3-63 lowercase letters, digits and hyphens, starting and ending with a
   * letter or digit, no two hyphens in a row ("Naming and referencing containers, blobs, and metadata").
   * The one rule: {@link NameRules#BLOB_CONTAINER}.
   */
  public static final String BLOB_CONTAINER = "^[a-z0-9](-?[a-z0-9])*$";
  public static final int BLOB_CONTAINER_MIN = 3;
  public static final int BLOB_CONTAINER_MAX = 63;
  public static final String BLOB_CONTAINER_WORDS = "a container name has 3 to 63 lowercase letters, digits and "
      + "hyphens, starts and ends with a letter or digit and has no two hyphens in a row";
  /**
   * A path prefix for blobs inside the container (or none): '/'-separated segments of letters, digits, '.', '_'
   * and '-', none empty and none starting with '.', so no '.' or '..' segment, which a URL resolves outside the
   * container ("Naming and referencing containers, blobs, and metadata"). The one rule: {@link NameRules#BLOB_PREFIX}.
   */
  public static final String BLOB_PREFIX = "^(/?[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*/?)?$";
  public static final int BLOB_PREFIX_MAX = 200;
  public static final String BLOB_PREFIX_WORDS = "a blob prefix has at most 200 characters: '/'-separated segments of letters, "
      + "digits, '.', '_' and '-', none empty and none starting with '.' (no '.' or '..' segment)";
  /** {@code https://<host>/[<account>/]<container>[/]}: the account segment is the emulator's (Azurite) form. */
  public static final String BLOB_CONTAINER_URL = "^https://[^/\\s]+/([^/\\s]+/)?[a-z0-9](-?[a-z0-9]){2,}/?$";
  public static final String BLOB_CONTAINER_URL_WORDS = "must be https://<account>.blob.core.windows.net/<container>, "
      + "where " + BLOB_CONTAINER_WORDS;
  /** The container is the last non-empty path segment; the URL pattern cannot count its length. */
  public static final String BLOB_CONTAINER_URL_LENGTH_CEL = "size(self.split('/').filter(s, s != '')"
      + "[size(self.split('/').filter(s, s != '')) - 1]) <= " + BLOB_CONTAINER_MAX;

  /**
   * The shape of an IANA time zone name ({@code UTC}, {@code Europe/Paris}, {@code America/Argentina/Buenos_Aires},
   * {@code Etc/GMT+1}); offsets such as {@code +01:00} or {@code Z} are refused, as by Kubernetes CronJob. Whether
   * the zone exists is the operator's check ({@code CronSchedule.zone}).
   */
  public static final String TIME_ZONE = "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9][A-Za-z0-9_+-]*){0,2}$";
  public static final String TIME_ZONE_CEL = "size(self) <= 64 && self.matches(r'" + TIME_ZONE + "')";
  public static final String TIME_ZONE_WORDS = "must be an IANA time zone name such as UTC or Europe/Paris "
      + "(not an offset such as +01:00)";

  private Formats() {}
}
