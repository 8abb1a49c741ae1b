package io.keyrotation.operator.config;

import io.keyrotation.operator.backup.AzureRegions;
import io.keyrotation.operator.keyvault.KeyVaultSettings;
import io.keyrotation.operator.schedule.RetryBackoff;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's configuration, read from environment variables. Every endpoint the operator talks
 * to comes from here, as it would for a national cloud or a private endpoint.
 *
 * @param watchNamespaces namespaces to watch; empty means all
 * @param leaderElection whether replicas elect a leader through a Lease
 * @param leaderElectionNamespace namespace of the Lease
 * @param httpPort port of /healthz and /readyz
 * @param azureAuthorityHost Azure AD authority (token endpoint host)
 * @param graphEndpoint Microsoft Graph base URL
 * @param extraCaFile PEM bundle trusted in addition to the JVM's CAs, or null
 * @param disableChallengeResourceVerification skip Key Vault's check that the challenge's resource matches the vault host
 * @param disableInstanceDiscovery skip Azure AD instance discovery (authorities that are not public Azure AD clouds)
 * @param azureRegions the built-in region table plus regions added by configuration
 * @param maxReconciliationInterval JOSDK's safety net: every resource is reconciled at least this often
 *     even when nothing woke it (hours: due times come from the schedule event source, not polling)
 * @param retryMaxDelay the cap of the exponential backoff between retries of a failed step
 * @param labelSelector only resources with matching labels are watched (a shard of the fleet); empty watches all
 * @param leaseName the leader-election Lease; each shard (each Deployment) needs its own
 * @param logFormat {@code text} or {@code json}; logback.xml reads the variable itself, this checks its value
 * @param instanceName this replica's name (its pod's): the Lease holder identity, the workstation id SQL Server shows
 *     as {@code host_name()}, and part of the User-Agent Azure's logs show, so that each replica's calls are its own
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    boolean leaderElection,
    String leaderElectionNamespace,
    int httpPort,
    URI azureAuthorityHost,
    URI graphEndpoint,
    Path extraCaFile,
    boolean disableChallengeResourceVerification,
    boolean disableInstanceDiscovery,
    AzureRegions azureRegions,
    Duration maxReconciliationInterval,
    Duration retryMaxDelay,
    String labelSelector,
    String leaseName,
    String logFormat,
    String instanceName) {

  public static final String LEASE_NAME = "keyrotation-operator-leader";
  private static final Set<String> LOG_FORMATS = Set.of("text", "json");
  /** Shorter would make the safety net a poll of every resource. */
  static final Duration MIN_RECONCILIATION_INTERVAL = Duration.ofMinutes(1);

  /** The variables, their defaults and meaning; README's configuration table lists the same. */
  public enum Variable {
    KEYROTATION_WATCH_NAMESPACES("", "comma-separated namespaces to watch; empty watches all"),
    KEYROTATION_LEADER_ELECTION("true", "elect a leader among replicas through a Lease"),
    KEYROTATION_LEADER_ELECTION_NAMESPACE("", "namespace of the Lease; defaults to POD_NAMESPACE, then keyrotation-system"),
    POD_NAMESPACE("", "the operator's namespace (from the downward API)"),
    POD_NAME("", "this replica's name (from the downward API); defaults to HOSTNAME, else the machine's name and process id."
        + " The Lease holder identity, SQL Server's host_name() of the operator's sessions and part of the User-Agent of"
        + " its Azure requests"),
    KEYROTATION_HTTP_PORT("8080", "port of /healthz and /readyz"),
    AZURE_AUTHORITY_HOST("https://login.microsoftonline.com/", "Azure AD authority host (national clouds: e.g. https://login.microsoftonline.us/)"),
    KEYROTATION_GRAPH_ENDPOINT("https://graph.microsoft.com", "Microsoft Graph endpoint"),
    KEYROTATION_EXTRA_CA_FILE("", "PEM file of CA certificates trusted in addition to the JVM's"),
    KEYROTATION_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION("false", "accept a Key Vault challenge whose resource does not match the vault host (private endpoints)"),
    KEYROTATION_AZURE_DISABLE_INSTANCE_DISCOVERY("false", "skip Azure AD instance discovery (an authority that is not a public Azure AD cloud, e.g. Azure Stack)"),
    KEYROTATION_EXTRA_REGIONS("", "Azure regions newer than this release, as region=geography pairs separated by commas (e.g. newregion=Europe joins the Europe security world; denmarkeast=Denmark makes a new one)"),
    KEYROTATION_MAX_RECONCILIATION_INTERVAL("PT6H", "reconcile every resource at least this often (ISO-8601, at least PT1M), a safety net: due times do not depend on it"),
    KEYROTATION_RETRY_MAX_DELAY("PT1H", "longest wait between retries of a failed step (ISO-8601, at least PT30S); retries start at 30 s and double"),
    KEYROTATION_LABEL_SELECTOR("", "watch only resources matching this label selector (e.g. keyrotation.io/shard=a), so several Deployments can split a fleet"),
    KEYROTATION_LEADER_ELECTION_LEASE_NAME(LEASE_NAME, "name of the leader-election Lease; give each shard its own"),
    KEYROTATION_LOG_FORMAT("text", "log lines as text (for people) or json (one object per line, for log pipelines)");

    private final String defaultValue;
    private final String description;

    Variable(String defaultValue, String description) {
      this.defaultValue = defaultValue;
      this.description = description;
    }

    public String defaultValue() {
      return defaultValue;
    }

    public String description() {
      return description;
    }
  }

  /** @throws IllegalArgumentException naming the variable and what is wrong with it */
  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    Reader r = new Reader(env);
    String leaseNamespace = r.text(Variable.KEYROTATION_LEADER_ELECTION_NAMESPACE);
    if (leaseNamespace.isEmpty()) {
      leaseNamespace = r.text(Variable.POD_NAMESPACE);
    }
    String caFile = r.text(Variable.KEYROTATION_EXTRA_CA_FILE);
    return new OperatorConfig(
        Arrays.stream(r.text(Variable.KEYROTATION_WATCH_NAMESPACES).split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()),
        r.bool(Variable.KEYROTATION_LEADER_ELECTION),
        leaseNamespace.isEmpty() ? "keyrotation-system" : leaseNamespace,
        r.port(Variable.KEYROTATION_HTTP_PORT),
        r.httpsUri(Variable.AZURE_AUTHORITY_HOST),
        r.httpsUri(Variable.KEYROTATION_GRAPH_ENDPOINT),
        caFile.isEmpty() ? null : Path.of(caFile),
        r.bool(Variable.KEYROTATION_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION),
        r.bool(Variable.KEYROTATION_AZURE_DISABLE_INSTANCE_DISCOVERY),
        AzureRegions.parse(Variable.KEYROTATION_EXTRA_REGIONS.name(), r.text(Variable.KEYROTATION_EXTRA_REGIONS)),
        r.duration(Variable.KEYROTATION_MAX_RECONCILIATION_INTERVAL, MIN_RECONCILIATION_INTERVAL),
        r.duration(Variable.KEYROTATION_RETRY_MAX_DELAY, RetryBackoff.FIRST_DELAY),
        LabelSelector.parse(Variable.KEYROTATION_LABEL_SELECTOR.name(), r.text(Variable.KEYROTATION_LABEL_SELECTOR)),
        r.dnsName(Variable.KEYROTATION_LEADER_ELECTION_LEASE_NAME),
        r.oneOf(Variable.KEYROTATION_LOG_FORMAT, LOG_FORMATS),
        InstanceName.resolve(Variable.POD_NAME.name(), env));
  }

  /** How every Key Vault gateway reaches its vault; rate limits and retries at their defaults. */
  public KeyVaultSettings keyVaultSettings() {
    KeyVaultSettings settings = KeyVaultSettings.defaults()
        .withInstanceName(instanceName)
        .withAuthorityHost(azureAuthorityHost)
        .withDisableChallengeResourceVerification(disableChallengeResourceVerification)
        .withDisableInstanceDiscovery(disableInstanceDiscovery);
    return extraCaFile == null ? settings : settings.withExtraTrustedCaFile(extraCaFile);
  }

  /**
   * The backoff every planner uses, capped by {@code KEYROTATION_RETRY_MAX_DELAY}. {@link Random} is
   * safe to share between reconcile threads; tests build a {@code RetryBackoff} with a seeded one.
   */
  public RetryBackoff retryBackoff() {
    return new RetryBackoff(retryMaxDelay, new Random());
  }

  private record Reader(Map<String, String> env) {
    String text(Variable v) {
      String value = env.get(v.name());
      return value == null || value.isBlank() ? v.defaultValue() : value.trim();
    }

    boolean bool(Variable v) {
      String value = text(v).toLowerCase(Locale.ROOT);
      if (!value.equals("true") && !value.equals("false")) {
        throw new IllegalArgumentException(v.name() + " must be true or false, not '" + value + "'");
      }
      return Boolean.parseBoolean(value);
    }

    int port(Variable v) {
      try {
        int port = Integer.parseInt(text(v));
        if (port >= 0 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(v.name() + " must be a port number (0-65535), not '" + text(v) + "'");
    }

    Duration duration(Variable v, Duration atLeast) {
      try {
        Duration d = Duration.parse(text(v));
        if (d.compareTo(atLeast) >= 0) {
          return d;
        }
      } catch (DateTimeParseException e) {
        // reported below
      }
      throw new IllegalArgumentException(v.name() + " must be an ISO-8601 duration of at least " + atLeast
          + " such as " + v.defaultValue() + ", not '" + text(v) + "'");
    }

    String dnsName(Variable v) {
      String value = text(v);
      if (value.length() <= 253 && value.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")) {
        return value;
      }
      throw new IllegalArgumentException(v.name() + " must be a Kubernetes object name (lower-case letters, digits,"
          + " '-' and '.'), not '" + value + "'");
    }

    String oneOf(Variable v, Set<String> allowed) {
      String value = text(v).toLowerCase(Locale.ROOT);
      if (allowed.contains(value)) {
        return value;
      }
      throw new IllegalArgumentException(v.name() + " must be one of " + allowed.stream().sorted().toList()
          + ", not '" + text(v) + "'");
    }

    URI httpsUri(Variable v) {
      try {
        URI uri = URI.create(text(v));
        if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
          return uri;
        }
      } catch (IllegalArgumentException e) {
        // reported below
      }
      throw new IllegalArgumentException(v.name() + " must be an https URL, not '" + text(v) + "'");
    }
  }
}
