package io.keyrotation.sandbox.sqlserver.tds;

import java.nio.charset.StandardCharsets;

/**
 * The parts of a LOGIN7 message the stand-in uses. The variable-length fields are (offset,
 * character count) pairs after the 36-byte fixed part; offsets count from the message start.
 */
record Login7Request(int packetSize, String hostName, String userName, String password, String appName, String database,
                     boolean readOnlyIntent) {
  /** TypeFlags (byte 26) bit fReadOnlyIntent: the driver's applicationIntent=ReadOnly. */
  private static final int TYPE_FLAGS = 26;
  private static final int READ_ONLY_INTENT = 0x20;
  private static final int HOST_NAME_FIELD = 36;
  private static final int USER_NAME_FIELD = 40;
  private static final int PASSWORD_FIELD = 44;
  private static final int APP_NAME_FIELD = 48;
  private static final int DATABASE_FIELD = 68;

  static Login7Request parse(byte[] payload) {
    TdsReader reader = new TdsReader(payload, 8);
    int packetSize = reader.i32();
    return new Login7Request(
        packetSize,
        text(payload, HOST_NAME_FIELD),
        text(payload, USER_NAME_FIELD),
        decodePassword(payload),
        text(payload, APP_NAME_FIELD),
        text(payload, DATABASE_FIELD),
        (payload[TYPE_FLAGS] & READ_ONLY_INTENT) != 0);
  }

  private static String text(byte[] payload, int field) {
    TdsReader reader = new TdsReader(payload, field);
    int offset = reader.u16();
    int chars = reader.u16();
    return reader.utf16At(offset, chars);
  }

  /** The driver swaps each byte's nibbles and XORs it with 0xA5; this undoes both. */
  private static String decodePassword(byte[] payload) {
    TdsReader reader = new TdsReader(payload, PASSWORD_FIELD);
    int offset = reader.u16();
    int chars = reader.u16();
    byte[] raw = reader.bytesAt(offset, chars * 2);
    for (int i = 0; i < raw.length; i++) {
      int b = (raw[i] & 0xFF) ^ 0xA5;
      raw[i] = (byte) (((b & 0x0F) << 4) | (b >>> 4));
    }
    return new String(raw, StandardCharsets.UTF_16LE);
  }

  @Override
  public String toString() {
    return "Login7Request[host=" + hostName + ", user=" + userName + ", app=" + appName + ", database=" + database + "]";
  }
}
