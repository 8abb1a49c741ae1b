package io.keyrotation.sandbox.sqlserver.tds;

/** One client message: its packet type and the concatenated payload of its packets. */
record TdsMessage(int type, byte[] payload) {
  static final int SQL_BATCH = 0x01;
  static final int RPC = 0x03;
  static final int TABULAR_RESULT = 0x04;
  static final int ATTENTION = 0x06;
  static final int LOGIN7 = 0x10;
  static final int PRELOGIN = 0x12;
}
