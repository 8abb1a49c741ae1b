package io.keyrotation.sandbox.sqlserver.tds;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * The socket under a TDS 7.x server TLS handshake. While the handshake runs, the client's TLS records arrive
 * as the payload of PRELOGIN (0x12) packets and the server's go back the same way, one flight per packet:
 * mssql-jdbc reads the answer to each flight as one packet ({@code TDSChannel.SSLHandshakeInputStream}).
 * After the handshake, TLS records travel directly on the TCP socket.
 */
final class PreloginFramedSocket extends Socket {
  /** The packet size before LOGIN7 negotiates another. */
  private static final int PRELOGIN_PACKET_SIZE = 4096;

  private final Socket tcp;
  private final DataInputStream tcpIn;
  private final OutputStream tcpOut;
  private final ByteArrayOutputStream pendingFlight = new ByteArrayOutputStream();
  private byte[] packet = new byte[0];
  private int packetOffset;
  private volatile boolean framed = true;

  PreloginFramedSocket(Socket tcp) throws IOException {
    this.tcp = tcp;
    this.tcpIn = new DataInputStream(tcp.getInputStream());
    this.tcpOut = tcp.getOutputStream();
  }

  /** Sends the server's last flight and lets the records through unframed from now on. */
  void handshakeDone() throws IOException {
    sendFlight();
    framed = false;
  }

  private int read(byte[] buffer, int offset, int length) throws IOException {
    if (!framed) {
      return tcpIn.read(buffer, offset, length);
    }
    while (packetOffset == packet.length) { // an empty packet carries nothing to hand on
      sendFlight(); // the client answers only once it has our whole flight
      if (!readPacket()) {
        return -1;
      }
    }
    int count = Math.min(length, packet.length - packetOffset);
    System.arraycopy(packet, packetOffset, buffer, offset, count);
    packetOffset += count;
    return count;
  }

  private boolean readPacket() throws IOException {
    int type = tcpIn.read();
    if (type < 0) {
      return false;
    }
    tcpIn.readUnsignedByte(); // status
    int length = tcpIn.readUnsignedShort();
    tcpIn.readFully(new byte[4]);
    if (type != TdsMessage.PRELOGIN || length < TdsPacketChannel.HEADER_SIZE) {
      throw new IOException("expected a PRELOGIN packet carrying the TLS handshake, got type " + type);
    }
    packet = new byte[length - TdsPacketChannel.HEADER_SIZE];
    tcpIn.readFully(packet);
    packetOffset = 0;
    return true;
  }

  private void write(byte[] buffer, int offset, int length) throws IOException {
    if (framed) {
      pendingFlight.write(buffer, offset, length);
    } else {
      tcpOut.write(buffer, offset, length);
    }
  }

  private void sendFlight() throws IOException {
    if (pendingFlight.size() == 0) {
      return;
    }
    int length = pendingFlight.size() + TdsPacketChannel.HEADER_SIZE;
    if (length > PRELOGIN_PACKET_SIZE) {
      throw new IOException("TLS handshake flight of " + length + " bytes does not fit one PRELOGIN packet");
    }
    byte[] header = {TdsMessage.PRELOGIN, 0x01, (byte) (length >>> 8), (byte) length, 0, 0, 1, 0};
    tcpOut.write(header);
    pendingFlight.writeTo(tcpOut);
    tcpOut.flush();
    pendingFlight.reset();
  }

  private final InputStream in = new InputStream() {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n;
      while ((n = PreloginFramedSocket.this.read(one, 0, 1)) == 0) {
        // keep reading
      }
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      return length == 0 ? 0 : PreloginFramedSocket.this.read(buffer, offset, length);
    }

    @Override
    public int available() throws IOException {
      return framed ? packet.length - packetOffset : tcpIn.available();
    }
  };

  private final OutputStream out = new OutputStream() {
    @Override
    public void write(int b) throws IOException {
      PreloginFramedSocket.this.write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
      PreloginFramedSocket.this.write(buffer, offset, length);
    }

    @Override
    public void flush() throws IOException {
      if (!framed) {
        tcpOut.flush();
      } // while framed, a flight leaves as one packet when the server turns to read
    }
  };

  @Override
  public InputStream getInputStream() {
    return in;
  }

  @Override
  public OutputStream getOutputStream() {
    return out;
  }

  // Everything else is the TCP socket's.

  @Override
  public boolean isConnected() {
    return tcp.isConnected();
  }

  @Override
  public boolean isBound() {
    return tcp.isBound();
  }

  @Override
  public boolean isClosed() {
    return tcp.isClosed();
  }

  @Override
  public boolean isInputShutdown() {
    return tcp.isInputShutdown();
  }

  @Override
  public boolean isOutputShutdown() {
    return tcp.isOutputShutdown();
  }

  @Override
  public void shutdownInput() throws IOException {
    tcp.shutdownInput();
  }

  @Override
  public void shutdownOutput() throws IOException {
    tcp.shutdownOutput();
  }

  @Override
  public synchronized void close() throws IOException {
    tcp.close();
  }

  @Override
  public InetAddress getInetAddress() {
    return tcp.getInetAddress();
  }

  @Override
  public InetAddress getLocalAddress() {
    return tcp.getLocalAddress();
  }

  @Override
  public int getPort() {
    return tcp.getPort();
  }

  @Override
  public int getLocalPort() {
    return tcp.getLocalPort();
  }

  @Override
  public SocketAddress getRemoteSocketAddress() {
    return tcp.getRemoteSocketAddress();
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    return tcp.getLocalSocketAddress();
  }

  @Override
  public synchronized void setSoTimeout(int timeout) throws SocketException {
    tcp.setSoTimeout(timeout);
  }

  @Override
  public synchronized int getSoTimeout() throws SocketException {
    return tcp.getSoTimeout();
  }

  @Override
  public void setTcpNoDelay(boolean on) throws SocketException {
    tcp.setTcpNoDelay(on);
  }

  @Override
  public boolean getTcpNoDelay() throws SocketException {
    return tcp.getTcpNoDelay();
  }

  @Override
  public String toString() {
    return "PRELOGIN-framed " + tcp;
  }
}
