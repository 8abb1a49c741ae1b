package io.keyrotation.sandbox.sqlserver.tds;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One remote procedure call from an RPC message: the system procedure (by id or name) and its
 * parameters in order. Only the parameter types the driver sends for strings, integers, bits,
 * binary and GUIDs are understood; anything else ends the connection as a protocol error.
 */
record RpcCall(String procedure, List<Object> parameters) {
  static final String SP_EXECUTESQL = "sp_executesql";
  static final String SP_PREPARE = "sp_prepare";
  static final String SP_EXECUTE = "sp_execute";
  static final String SP_PREPEXEC = "sp_prepexec";
  static final String SP_UNPREPARE = "sp_unprepare";
  private static final int PLP_NULL_OR_MAX = 0xFFFF;

  static List<RpcCall> parseAll(byte[] payload) throws IOException {
    TdsReader reader = TdsReader.afterAllHeaders(payload);
    List<RpcCall> calls = new ArrayList<>();
    while (reader.hasMore()) {
      calls.add(parseOne(reader));
      if (reader.hasMore()) {
        int separator = reader.u8();
        if (separator != 0xFF && separator != 0x80) {
          throw new IOException("unexpected byte between RPC calls: " + separator);
        }
      }
    }
    return calls;
  }

  private static RpcCall parseOne(TdsReader reader) throws IOException {
    int nameLength = reader.u16();
    String procedure = nameLength == 0xFFFF ? procedureById(reader.u16()) : reader.utf16(nameLength);
    reader.u16(); // option flags
    List<Object> parameters = new ArrayList<>();
    while (reader.hasMore() && !isSeparator(reader)) {
      reader.bVarchar(); // the driver sends values positionally; names are not needed
      reader.u8(); // status flags (by-reference output, default)
      parameters.add(value(reader));
    }
    return new RpcCall(procedure, parameters);
  }

  private static boolean isSeparator(TdsReader reader) {
    int next = reader.u8();
    reader.skip(-1);
    return next == 0xFF || next == 0x80;
  }

  private static String procedureById(int id) throws IOException {
    return switch (id) {
      case 10 -> SP_EXECUTESQL;
      case 11 -> SP_PREPARE;
      case 12 -> SP_EXECUTE;
      case 13 -> SP_PREPEXEC;
      case 15 -> SP_UNPREPARE;
      default -> throw new IOException("unsupported RPC procedure id " + id);
    };
  }

  private static Object value(TdsReader reader) throws IOException {
    int type = reader.u8();
    switch (type) {
      case 0x26: { // INTN
        reader.u8();
        int length = reader.u8();
        return switch (length) {
          case 0 -> null;
          case 1 -> reader.u8();
          case 2 -> (int) (short) reader.u16();
          case 4 -> reader.i32();
          case 8 -> reader.i64();
          default -> throw new IOException("bad INTN length " + length);
        };
      }
      case 0x68: { // BITN
        reader.u8();
        int length = reader.u8();
        return length == 0 ? null : reader.u8() != 0;
      }
      case 0x24: { // GUID
        reader.u8();
        int length = reader.u8();
        return length == 0 ? null : reader.bytes(length);
      }
      case 0xE7: // NVARCHAR
      case 0xA7: { // VARCHAR
        int maxLength = reader.u16();
        reader.skip(5); // collation
        byte[] bytes = maxLength == PLP_NULL_OR_MAX ? plp(reader) : shortBytes(reader);
        if (bytes == null) {
          return null;
        }
        return new String(bytes, type == 0xE7 ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1);
      }
      case 0xA5: { // VARBINARY
        int maxLength = reader.u16();
        return maxLength == PLP_NULL_OR_MAX ? plp(reader) : shortBytes(reader);
      }
      default:
        throw new IOException("unsupported RPC parameter type 0x" + Integer.toHexString(type));
    }
  }

  private static byte[] shortBytes(TdsReader reader) {
    int length = reader.u16();
    return length == 0xFFFF ? null : reader.bytes(length);
  }

  /** Partially length-prefixed: a total length (all ones for null), then chunks ending with 0. */
  private static byte[] plp(TdsReader reader) {
    long total = reader.i64();
    if (total == -1L) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int chunk = reader.i32(); chunk != 0; chunk = reader.i32()) {
      out.writeBytes(reader.bytes(chunk));
    }
    return out.toByteArray();
  }
}
