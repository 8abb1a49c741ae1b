package io.keyrotation.sandbox.aad;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The sandbox's server certificate: self-signed, generated at start, valid for {@code localhost}
 * and {@code 127.0.0.1}. Clients trust it the way they would trust a private CA: by adding its PEM
 * file to their trust store (the operator's {@code KEYROTATION_EXTRA_CA_FILE}).
 */
public final class SandboxTls {
  private static final char[] STORE_PASSWORD = "sandbox".toCharArray();

  private final X509Certificate certificate;
  private final SSLContext serverContext;
  private final KeyPair keyPair;

  private SandboxTls(X509Certificate certificate, SSLContext serverContext, KeyPair keyPair) {
    this.certificate = certificate;
    this.serverContext = serverContext;
    this.keyPair = keyPair;
  }

  public static SandboxTls generate() {
    return generate(new String[0]);
  }

  /** Valid also for these DNS names (e.g. {@code *.contoso.com} for a wildcard certificate). */
  public static SandboxTls generate(String... extraDnsNames) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair keyPair = generator.generateKeyPair();
      X509Certificate certificate = selfSigned(keyPair, extraDnsNames);

      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("sandbox", keyPair.getPrivate(), STORE_PASSWORD, new X509Certificate[] {certificate});
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(store, STORE_PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), null, new SecureRandom());
      return new SandboxTls(certificate, context, keyPair);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot generate the sandbox certificate", e);
    }
  }

  private static X509Certificate selfSigned(KeyPair keyPair, String... extraDnsNames)
      throws GeneralSecurityException, IOException {
    X500Name subject = new X500Name("CN=keyrotation sandbox");
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
        subject,
        new BigInteger(64, new SecureRandom()),
        Date.from(now.minus(Duration.ofMinutes(5))),
        Date.from(now.plus(Duration.ofDays(30))),
        subject,
        keyPair.getPublic());
    java.util.List<GeneralName> names = new java.util.ArrayList<>(java.util.List.of(
        new GeneralName(GeneralName.dNSName, "localhost"),
        new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    for (String dnsName : extraDnsNames) {
      names.add(new GeneralName(GeneralName.dNSName, dnsName));
    }
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
    // CA:true so that a client may use this certificate as a trust anchor for itself.
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    try {
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  /** The server side: for {@code HttpsServer}. */
  public SSLContext serverContext() {
    return serverContext;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public String certificatePem() {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Writes the certificate (never the private key) as PEM, for clients to trust. */
  public Path writeCertificatePem(Path file) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, certificatePem(), StandardCharsets.US_ASCII);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the server's private key as PEM (PKCS#8), readable by its owner only, for a stand-in that
   * runs as its own process and serves HTTPS with this certificate (Azurite's {@code --key}).
   */
  public Path writeServerKeyPem(Path file) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keyPair.getPrivate(), null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return io.keyrotation.sandbox.PrivateFiles.write(file, out.toString());
  }

  /** A client context that trusts only this certificate; handy for the sandbox's own tests. */
  public SSLContext clientContext() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("sandbox", certificate);
      javax.net.ssl.TrustManagerFactory factory =
          javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), new SecureRandom());
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
