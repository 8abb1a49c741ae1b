package io.keyrotation.sandbox.sqlserver.tds;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads and writes TDS messages: every message travels as packets of an 8-byte header
 * (type, status, big-endian length including the header, SPID, packet id, window) and a payload.
 * Outgoing messages are split at the negotiated packet size; the last packet carries EOM.
 */
final class TdsPacketChannel {
  static final int HEADER_SIZE = 8;
  private static final int STATUS_END_OF_MESSAGE = 0x01;

  private final InputStream transportIn;
  private DataInputStream in;
  private InputStream rawIn;
  private OutputStream out;
  private Runnable afterNextPacket;
  private int packetSize = 4096;

  /** @param transportIn the socket's own stream, to notice bytes still inside TLS records */
  TdsPacketChannel(InputStream in, OutputStream out, InputStream transportIn) {
    this.transportIn = transportIn;
    use(in, out);
  }

  /** From now on messages travel over these streams (e.g. inside TLS). */
  void use(InputStream newIn, OutputStream newOut) {
    this.rawIn = newIn;
    this.in = new DataInputStream(newIn);
    this.out = newOut;
  }

  /** After the next packet has been read, messages travel over these streams (login-only encryption). */
  void useAfterNextPacket(InputStream newIn, OutputStream newOut) {
    afterNextPacket = () -> use(newIn, newOut);
  }

  void packetSize(int size) {
    this.packetSize = size;
  }

  /** Reads one whole message (all its packets), or returns null at end of stream. */
  TdsMessage read() throws IOException {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    int type = -1;
    while (true) {
      int first = in.read();
      if (first < 0) {
        if (type < 0) {
          return null;
        }
        throw new EOFException("connection closed inside a message");
      }
      int status = in.readUnsignedByte();
      int length = in.readUnsignedShort();
      in.readFully(new byte[4]);
      if (length < HEADER_SIZE) {
        throw new IOException("invalid TDS packet length " + length);
      }
      byte[] data = new byte[length - HEADER_SIZE];
      in.readFully(data);
      if (afterNextPacket != null) {
        afterNextPacket.run();
        afterNextPacket = null;
      }
      type = first;
      payload.write(data);
      if ((status & STATUS_END_OF_MESSAGE) != 0) {
        return new TdsMessage(type, payload.toByteArray());
      }
    }
  }

  /** Whether the client has sent bytes that were not read yet (used to notice an attention). */
  boolean hasPendingInput() throws IOException {
    return rawIn.available() > 0 || (transportIn != rawIn && transportIn.available() > 0);
  }

  void write(int type, byte[] payload) throws IOException {
    int maxData = packetSize - HEADER_SIZE;
    int offset = 0;
    int packetId = 1;
    do {
      int chunk = Math.min(maxData, payload.length - offset);
      boolean last = offset + chunk >= payload.length;
      int length = chunk + HEADER_SIZE;
      byte[] packet = new byte[length];
      packet[0] = (byte) type;
      packet[1] = (byte) (last ? STATUS_END_OF_MESSAGE : 0);
      packet[2] = (byte) (length >>> 8);
      packet[3] = (byte) length;
      packet[6] = (byte) packetId++;
      System.arraycopy(payload, offset, packet, HEADER_SIZE, chunk);
      out.write(packet);
      offset += chunk;
    } while (offset < payload.length);
    out.flush();
  }
}
