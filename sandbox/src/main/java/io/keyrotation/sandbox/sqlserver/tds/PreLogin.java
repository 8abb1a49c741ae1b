package io.keyrotation.sandbox.sqlserver.tds;

/**
 * The server's PRELOGIN answer: version, encryption ENCRYPT_NOT_SUP (the stand-in has no TLS;
 * answering ENCRYPT_OFF would make the driver start TLS for the login packet), no instance,
 * no thread id, no MARS.
 */
final class PreLogin {
  private static final int ENCRYPT_NOT_SUP = 0x02;

  private PreLogin() {}

  static byte[] response(int major, int minor, int build) {
    int[][] options = {
      // token, length
      {0x00, 6}, {0x01, 1}, {0x02, 1}, {0x03, 0}, {0x04, 1}
    };
    int headerLength = options.length * 5 + 1;
    TdsWriter header = new TdsWriter();
    int offset = headerLength;
    for (int[] option : options) {
      header.u8(option[0]).u8(offset >>> 8).u8(offset).u8(option[1] >>> 8).u8(option[1]);
      offset += option[1];
    }
    header.u8(0xFF);
    header.u8(major).u8(minor).u8(build >>> 8).u8(build).u8(0).u8(0); // version: big-endian build
    header.u8(ENCRYPT_NOT_SUP);
    header.u8(0); // INSTOPT: instance name accepted
    header.u8(0); // MARS off
    return header.toByteArray();
  }
}
