package io.keyrotation.sandbox.sqlserver.tds;

/**
 * PRELOGIN: the client's requested encryption and the server's answer (version, encryption, no instance,
 * no thread id, no MARS). Encryption values and the negotiation table are MS-TDS 2.2.6.5.
 */
final class PreLogin {
  static final int ENCRYPT_OFF = 0x00;
  static final int ENCRYPT_ON = 0x01;
  static final int ENCRYPT_NOT_SUP = 0x02;
  static final int ENCRYPT_REQ = 0x03;
  private static final int OPTION_ENCRYPTION = 0x01;
  private static final int OPTION_TERMINATOR = 0xFF;

  private PreLogin() {}

  /** Whether the client's PRELOGIN is well formed enough: MS-TDS 3.3.5.1 wants VERSION (token 0) first. */
  static boolean startsWithVersion(byte[] payload) {
    return payload.length > 5 && payload[0] == 0x00;
  }

  /** The client's ENCRYPTION option without the client-certificate bit (0x80); NOT_SUP if absent. */
  static int requestedEncryption(byte[] payload) {
    for (int i = 0; i + 4 < payload.length && (payload[i] & 0xFF) != OPTION_TERMINATOR; i += 5) {
      if ((payload[i] & 0xFF) == OPTION_ENCRYPTION) {
        int offset = ((payload[i + 1] & 0xFF) << 8) | (payload[i + 2] & 0xFF);
        return offset < payload.length ? payload[offset] & 0x0F : ENCRYPT_NOT_SUP;
      }
    }
    return ENCRYPT_NOT_SUP;
  }

  /**
   * What the server answers. Without a certificate: NOT_SUP (the stand-in's plain mode; a real SQL Server always
   * has at least a self-signed certificate). With one: the client's wish, raised to REQ by Force Encryption.
   */
  static int negotiate(int requested, boolean hasCertificate, boolean forceEncryption) {
    if (!hasCertificate) {
      return ENCRYPT_NOT_SUP;
    }
    if (forceEncryption) {
      return requested == ENCRYPT_ON ? ENCRYPT_ON : ENCRYPT_REQ;
    }
    return requested == ENCRYPT_REQ ? ENCRYPT_ON : requested;
  }

  static byte[] response(int major, int minor, int build, int encryption) {
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
    header.u8(OPTION_TERMINATOR);
    header.u8(major).u8(minor).u8(build >>> 8).u8(build).u8(0).u8(0); // version: big-endian build
    header.u8(encryption);
    header.u8(0); // INSTOPT: instance name accepted
    header.u8(0); // MARS off
    return header.toByteArray();
  }
}
