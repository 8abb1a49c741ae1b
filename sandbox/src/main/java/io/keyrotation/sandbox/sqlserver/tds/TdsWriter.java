package io.keyrotation.sandbox.sqlserver.tds;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Little-endian byte builder with the TDS string shapes. */
final class TdsWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  TdsWriter u8(int value) {
    out.write(value);
    return this;
  }

  TdsWriter u16(int value) {
    out.write(value);
    out.write(value >>> 8);
    return this;
  }

  TdsWriter i32(int value) {
    u16(value);
    return u16(value >>> 16);
  }

  TdsWriter i64(long value) {
    i32((int) value);
    return i32((int) (value >>> 32));
  }

  TdsWriter bytes(byte[] value) {
    out.writeBytes(value);
    return this;
  }

  TdsWriter utf16(String value) {
    return bytes(value.getBytes(StandardCharsets.UTF_16LE));
  }

  TdsWriter bVarchar(String value) {
    u8(value.length());
    return utf16(value);
  }

  TdsWriter usVarchar(String value) {
    u16(value.length());
    return utf16(value);
  }

  int size() {
    return out.size();
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
