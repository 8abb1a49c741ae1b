package io.keyrotation.operator.sqlserver;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach and log in to one SQL Server instance, as the custom resource describes it.
 * The password (or client secret) is a value already resolved from the Kubernetes Secret; it
 * never appears in {@link #toString()}.
 *
 * @param name the instance's label in the custom resource (used in messages)
 * @param ekmProvider the cryptographic provider name in SQL Server, conventionally {@code EKM}
 */
public record SqlServerEndpoint(
    String name,
    String host,
    int port,
    Tls tls,
    SqlAuthentication authentication,
    String username,
    String password,
    String ekmProvider,
    Duration connectTimeout,
    Duration statementTimeout) {

  public static final int DEFAULT_PORT = 1433;
  public static final String DEFAULT_EKM_PROVIDER = "EKM";

  /** The driver's {@code encrypt} setting. */
  public enum EncryptMode {
    /** TDS 8: TLS before anything else, certificate always validated. */
    Strict("strict"),
    /** TLS for the whole session; certificate validated unless {@code trustServerCertificate}. */
    Mandatory("true"),
    /** TLS only if the server requires it (never use outside a sandbox or a trusted network). */
    Optional("false");

    private final String driverValue;

    EncryptMode(String driverValue) {
      this.driverValue = driverValue;
    }

    public String driverValue() {
      return driverValue;
    }
  }

  /**
   * @param serverCertificate a PEM file to pin the server certificate against (Strict only), or null
   * @param hostNameInCertificate the name to validate the certificate against when it differs from host, or null
   * @param trustedCas the only CAs to trust for the server certificate (a private CA); empty: the JVM's CAs
   */
  public record Tls(EncryptMode encrypt, boolean trustServerCertificate, String hostNameInCertificate,
      Path serverCertificate, List<X509Certificate> trustedCas) {
    public Tls {
      Objects.requireNonNull(encrypt, "encrypt");
      trustedCas = trustedCas == null ? List.of() : List.copyOf(trustedCas);
    }

    public Tls(EncryptMode encrypt, boolean trustServerCertificate, String hostNameInCertificate,
        Path serverCertificate) {
      this(encrypt, trustServerCertificate, hostNameInCertificate, serverCertificate, List.of());
    }

    /** Mandatory encryption with the certificate validated. */
    public static Tls validated() {
      return new Tls(EncryptMode.Mandatory, false, null, null);
    }

    /** Mandatory encryption with the certificate validated against these CAs only. */
    public static Tls validatedBy(List<X509Certificate> cas) {
      return new Tls(EncryptMode.Mandatory, false, null, null, cas);
    }

    /** Whether the server proves its identity: the only kind of connection a credential secret may cross. */
    public boolean validatesServer() {
      return encrypt != EncryptMode.Optional && !trustServerCertificate;
    }

    public Tls withHostNameInCertificate(String name) {
      return new Tls(encrypt, trustServerCertificate, name, serverCertificate, trustedCas);
    }

    public Tls withEncrypt(EncryptMode mode) {
      return new Tls(mode, trustServerCertificate, hostNameInCertificate, serverCertificate, trustedCas);
    }

    @Override
    public String toString() {
      return "Tls[encrypt=" + encrypt + ", trustServerCertificate=" + trustServerCertificate
          + ", hostNameInCertificate=" + hostNameInCertificate + ", serverCertificate=" + serverCertificate
          + ", trustedCas=" + trustedCas.stream().map(c -> c.getSubjectX500Principal().getName()).toList() + "]";
    }
  }

  public SqlServerEndpoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(authentication, "authentication");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(ekmProvider, "ekmProvider");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1-65535, was " + port);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero() || statementTimeout.isNegative()
        || statementTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    SqlNames.requireIdentifier("EKM provider name", ekmProvider);
  }

  /** Defaults: port 1433, Mandatory TLS with validation, provider EKM, 15 s connect, 30 s statements. */
  public static SqlServerEndpoint of(String name, String host, SqlAuthentication authentication, String username,
      String password) {
    return new SqlServerEndpoint(name, host, DEFAULT_PORT, Tls.validated(), authentication, username, password,
        DEFAULT_EKM_PROVIDER, Duration.ofSeconds(15), Duration.ofSeconds(30));
  }

  public SqlServerEndpoint withPort(int newPort) {
    return new SqlServerEndpoint(name, host, newPort, tls, authentication, username, password, ekmProvider,
        connectTimeout, statementTimeout);
  }

  public SqlServerEndpoint withTls(Tls newTls) {
    return new SqlServerEndpoint(name, host, port, newTls, authentication, username, password, ekmProvider,
        connectTimeout, statementTimeout);
  }

  public SqlServerEndpoint withEkmProvider(String provider) {
    return new SqlServerEndpoint(name, host, port, tls, authentication, username, password, provider,
        connectTimeout, statementTimeout);
  }

  public SqlServerEndpoint withTimeouts(Duration connect, Duration statement) {
    return new SqlServerEndpoint(name, host, port, tls, authentication, username, password, ekmProvider,
        connect, statement);
  }

  public SqlServerEndpoint withPassword(String newPassword) {
    return new SqlServerEndpoint(name, host, port, tls, authentication, username, newPassword, ekmProvider,
        connectTimeout, statementTimeout);
  }

  @Override
  public String toString() {
    return "SqlServerEndpoint[name=" + name + ", host=" + host + ", port=" + port + ", tls=" + tls
        + ", authentication=" + authentication + ", username=" + username + ", password=***, ekmProvider="
        + ekmProvider + ", connectTimeout=" + connectTimeout + ", statementTimeout=" + statementTimeout + "]";
  }
}
