package io.keyrotation.sandbox.sqlserver.tds;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The stand-in's TLS, as SQL Server 2022 with a certificate configured does it.
 *
 * <ul>
 *   <li>TDS 8.0 ({@code encrypt=strict}): the client starts TLS on the bare socket (first byte 0x16, ALPN
 *       {@code tds/8.0}); PRELOGIN and everything after travel inside it. TLS 1.2 or 1.3.</li>
 *   <li>TDS 7.x ({@code encrypt=true|false}): PRELOGIN in clear, then the TLS handshake carried inside PRELOGIN
 *       packets, then TLS records directly on the socket: for the whole session (ENCRYPT_ON/REQ) or only for the
 *       first LOGIN7 packet (ENCRYPT_OFF). TLS 1.2: SQL Server supports TLS 1.3 only with TDS 8.0
 *       (https://learn.microsoft.com/sql/relational-databases/security/networking/tds-8).</li>
 * </ul>
 *
 * @param context the server's key and certificate
 * @param forceEncryption the instance's "Force Encryption" setting: a client that asks for no or login-only
 *     encryption gets ENCRYPT_REQ (MS-TDS 2.2.6.5)
 */
public record TdsTls(SSLContext context, boolean forceEncryption) {
  static final int TLS_HANDSHAKE_RECORD = 0x16;
  static final String TDS8_ALPN = "tds/8.0";

  /** TDS 8.0: TLS over the bare socket; {@code first} is the byte already read from it. */
  SSLSocket strict(Socket socket, int first) throws IOException {
    SSLSocket tls = (SSLSocket) context.getSocketFactory()
        .createSocket(socket, new ByteArrayInputStream(new byte[] {(byte) first}), true);
    SSLParameters parameters = tls.getSSLParameters();
    parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    parameters.setApplicationProtocols(new String[] {TDS8_ALPN});
    tls.setSSLParameters(parameters);
    tls.startHandshake();
    return tls;
  }

  /** TDS 7.x: the handshake inside PRELOGIN packets, then TLS records directly on the socket. */
  SSLSocket insidePrelogin(Socket socket) throws IOException {
    PreloginFramedSocket framed = new PreloginFramedSocket(socket);
    SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(framed, null, false);
    tls.setEnabledProtocols(new String[] {"TLSv1.2"});
    tls.startHandshake();
    framed.handshakeDone();
    return tls;
  }
}
