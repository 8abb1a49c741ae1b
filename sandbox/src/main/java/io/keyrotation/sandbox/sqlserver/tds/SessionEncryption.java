package io.keyrotation.sandbox.sqlserver.tds;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one connection is secured, from its first byte to the end of PRELOGIN (MS-TDS 3.3.5: a TLS ClientHello first
 * means TDS 8.0, a PRELOGIN first means TDS 7.x, where the PRELOGIN exchange decides).
 */
final class SessionEncryption {
  private static final Logger LOG = LoggerFactory.getLogger(SessionEncryption.class);

  private final Socket socket;
  private final TdsTls tls;
  private boolean strict;
  private boolean preloginDone;

  /** @param tls null for the plain stand-in (no certificate: encryption not supported) */
  SessionEncryption(Socket socket, TdsTls tls) {
    this.socket = socket;
    this.tls = tls;
  }

  /** The channel for the first message, inside TLS for TDS 8.0; null if the connection cannot be served. */
  TdsPacketChannel open() throws IOException {
    InputStream tcpIn = socket.getInputStream();
    PushbackInputStream peeking = new PushbackInputStream(tcpIn, 1);
    int first = peeking.read();
    if (first < 0) {
      return null;
    }
    if (first == TdsTls.TLS_HANDSHAKE_RECORD) {
      if (tls == null) {
        LOG.debug("TLS requested (TDS 8.0) but this stand-in has no certificate; closing");
        return null;
      }
      SSLSocket secured = tls.strict(socket, first);
      strict = true;
      return new TdsPacketChannel(secured.getInputStream(), secured.getOutputStream(), tcpIn);
    }
    peeking.unread(first);
    return new TdsPacketChannel(peeking, socket.getOutputStream(), tcpIn);
  }

  boolean preloginDone() {
    return preloginDone;
  }

  /** Answers PRELOGIN and, if encryption was negotiated, runs TLS; returns false when the connection must close. */
  boolean prelogin(byte[] payload, TdsPacketChannel channel, int majorVersion) throws IOException {
    if (preloginDone) {
      throw new IOException("a second PRELOGIN");
    }
    preloginDone = true;
    if (!PreLogin.startsWithVersion(payload)) {
      throw new IOException("PRELOGIN without VERSION as its first option");
    }
    int requested = PreLogin.requestedEncryption(payload);
    // TDS 8.0: the session is already inside TLS; nothing more to negotiate
    int encryption = strict ? PreLogin.ENCRYPT_NOT_SUP
        : PreLogin.negotiate(requested, tls != null, tls != null && tls.forceEncryption());
    channel.write(TdsMessage.TABULAR_RESULT, PreLogin.response(majorVersion, 0, 4135, encryption));
    if (strict || encryption == PreLogin.ENCRYPT_NOT_SUP) {
      return true;
    }
    if (requested == PreLogin.ENCRYPT_NOT_SUP) {
      LOG.debug("client cannot encrypt but this instance forces encryption; closing");
      return false;
    }
    SSLSocket secured = tls.insidePrelogin(socket);
    channel.use(secured.getInputStream(), secured.getOutputStream());
    if (encryption == PreLogin.ENCRYPT_OFF) {
      // login-only encryption (MS-TDS 3.2.5.2): only the first LOGIN7 packet is inside TLS, which the client then
      // leaves without closing it
      channel.useAfterNextPacket(socket.getInputStream(), socket.getOutputStream());
    }
    return true;
  }
}
