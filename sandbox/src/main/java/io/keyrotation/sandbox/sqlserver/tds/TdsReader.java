package io.keyrotation.sandbox.sqlserver.tds;

import java.nio.charset.StandardCharsets;

/** Little-endian cursor over a message payload, with the TDS string and length-prefix shapes. */
final class TdsReader {
  private final byte[] data;
  private int pos;

  TdsReader(byte[] data, int pos) {
    this.data = data;
    this.pos = pos;
  }

  int position() {
    return pos;
  }

  void skip(int count) {
    pos += count;
  }

  boolean hasMore() {
    return pos < data.length;
  }

  int u8() {
    return data[pos++] & 0xFF;
  }

  int u16() {
    int value = (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8;
    pos += 2;
    return value;
  }

  int i32() {
    int value = u16();
    return value | u16() << 16;
  }

  long i64() {
    long low = i32() & 0xFFFFFFFFL;
    long high = i32() & 0xFFFFFFFFL;
    return low | high << 32;
  }

  byte[] bytes(int count) {
    byte[] out = new byte[count];
    System.arraycopy(data, pos, out, 0, count);
    pos += count;
    return out;
  }

  String utf16(int chars) {
    String value = new String(data, pos, chars * 2, StandardCharsets.UTF_16LE);
    pos += chars * 2;
    return value;
  }

  /** B_VARCHAR: one byte of character count, then UTF-16LE. */
  String bVarchar() {
    return utf16(u8());
  }

  /** US_VARCHAR: two bytes of character count, then UTF-16LE. */
  String usVarchar() {
    return utf16(u16());
  }

  /** Reads UTF-16LE text at an absolute offset, as LOGIN7 lays out its variable part. */
  String utf16At(int offset, int chars) {
    return new String(data, offset, chars * 2, StandardCharsets.UTF_16LE);
  }

  byte[] bytesAt(int offset, int count) {
    byte[] out = new byte[count];
    System.arraycopy(data, offset, out, 0, count);
    return out;
  }

  /** Skips ALL_HEADERS, which precede the body of SQL batch and RPC messages since TDS 7.2. */
  static TdsReader afterAllHeaders(byte[] payload) {
    TdsReader reader = new TdsReader(payload, 0);
    int total = reader.i32();
    return new TdsReader(payload, total);
  }
}
