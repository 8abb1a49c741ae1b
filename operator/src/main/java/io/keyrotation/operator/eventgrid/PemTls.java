package io.keyrotation.operator.eventgrid;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A server TLS context from a PEM certificate chain and a PEM PKCS#8 private key (RSA or EC). */
final class PemTls {
  // RFC 7468 encapsulation boundaries of a PKCS#8 key (the label only: this class holds no key material).
  private static final String LABEL = "PRIVATE KEY";
  private static final String BEGIN = "-----BEGIN " + LABEL + "-----";
  private static final String END = "-----END " + LABEL + "-----";

  private PemTls() {}

  static SSLContext serverContext(Path certificateFile, Path privateKeyFile) {
    try {
      List<? extends Certificate> chain;
      try (InputStream in = Files.newInputStream(certificateFile)) {
        chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
      }
      if (chain.isEmpty()) {
        throw new IllegalArgumentException(EventGridConfig.CERT + ": no certificate in " + certificateFile);
      }
      PrivateKey key = privateKey(Files.readString(privateKeyFile, StandardCharsets.US_ASCII));
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("eventgrid", key, password, chain.toArray(new Certificate[0]));
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), null, new SecureRandom());
      return context;
    } catch (IOException | GeneralSecurityException e) {
      // The message names the files, never their content.
      throw new IllegalArgumentException("cannot set up TLS for the Event Grid endpoint from " + certificateFile + " and "
          + privateKeyFile + ": " + e.getClass().getSimpleName(), e);
    }
  }

  private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(EventGridConfig.KEY + " must hold a PKCS#8 key (" + BEGIN + ")");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(spec);
    } catch (GeneralSecurityException notRsa) {
      return KeyFactory.getInstance("EC").generatePrivate(spec);
    }
  }
}
