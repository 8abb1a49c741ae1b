package io.keyrotation.sandbox.sqlserver.tds;

import io.keyrotation.sandbox.sqlserver.engine.Column;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerError;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Builds a tabular-result token stream. The DONE-family token written last is made final
 * (DONE_MORE cleared) by {@link #finish()}, whatever came before it.
 */
final class ResponseBuilder {
  static final int DONE = 0xFD;
  static final int DONE_PROC = 0xFE;
  static final int DONE_IN_PROC = 0xFF;
  static final int STATUS_MORE = 0x01;
  static final int STATUS_ERROR = 0x02;
  static final int STATUS_COUNT = 0x10;
  static final int STATUS_ATTENTION = 0x20;
  static final int CMD_SELECT = 0xC1;

  /** SQL_Latin1_General_CP1_CI_AS: LCID 0x0409 with its comparison flags, sort id 52. */
  static final byte[] COLLATION = {0x09, 0x04, (byte) 0xD0, 0x00, 0x34};

  private static final int TOKEN_COLMETADATA = 0x81;
  private static final int TOKEN_ROW = 0xD1;
  private static final int TOKEN_ERROR = 0xAA;
  private static final int TOKEN_INFO = 0xAB;
  private static final int TOKEN_LOGINACK = 0xAD;
  private static final int TOKEN_ENVCHANGE = 0xE3;
  private static final int TOKEN_RETURNSTATUS = 0x79;
  private static final int TOKEN_RETURNVALUE = 0xAC;
  private static final LocalDate DATETIME_EPOCH = LocalDate.of(1900, 1, 1);

  private final TdsWriter out = new TdsWriter();
  private final String serverName;
  private int lastDoneStatusOffset = -1;

  ResponseBuilder(String serverName) {
    this.serverName = serverName;
  }

  ResponseBuilder envChange(int type, String newValue, String oldValue) {
    TdsWriter body = new TdsWriter().u8(type).bVarchar(newValue).bVarchar(oldValue);
    out.u8(TOKEN_ENVCHANGE).u16(body.size()).bytes(body.toByteArray());
    return this;
  }

  ResponseBuilder collationEnvChange() {
    TdsWriter body = new TdsWriter().u8(7).u8(COLLATION.length).bytes(COLLATION).u8(0);
    out.u8(TOKEN_ENVCHANGE).u16(body.size()).bytes(body.toByteArray());
    return this;
  }

  ResponseBuilder loginAck(String programName, int major, int minor, int build) {
    TdsWriter body = new TdsWriter().u8(1)
        .bytes(new byte[] {0x74, 0x00, 0x00, 0x04}) // TDS 7.4, written big-endian by design
        .bVarchar(programName)
        .u8(major).u8(minor).u8(build >>> 8).u8(build);
    out.u8(TOKEN_LOGINACK).u16(body.size()).bytes(body.toByteArray());
    return this;
  }

  ResponseBuilder error(SqlServerError error) {
    return message(TOKEN_ERROR, error.number(), error.state(), error.severity(), error.getMessage());
  }

  ResponseBuilder info(int number, String text) {
    return message(TOKEN_INFO, number, 1, 0, text);
  }

  private ResponseBuilder message(int token, int number, int state, int severity, String text) {
    TdsWriter body = new TdsWriter().i32(number).u8(state).u8(severity)
        .usVarchar(text).bVarchar(serverName).bVarchar("").i32(1);
    out.u8(token).u16(body.size()).bytes(body.toByteArray());
    return this;
  }

  ResponseBuilder columns(List<Column> columns) {
    out.u8(TOKEN_COLMETADATA).u16(columns.size());
    for (Column column : columns) {
      out.i32(0).u16(0x0001); // user type 0; flags: nullable
      typeInfo(column);
      out.bVarchar(column.name());
    }
    return this;
  }

  private void typeInfo(Column column) {
    switch (column.type()) {
      case INT -> out.u8(0x26).u8(4);
      case BIGINT -> out.u8(0x26).u8(8);
      case BIT -> out.u8(0x68).u8(1);
      case NVARCHAR -> out.u8(0xE7).u16(8000).bytes(COLLATION);
      case VARBINARY -> out.u8(0xA5).u16(8000);
      case DATETIME -> out.u8(0x6F).u8(8);
      case UNIQUEIDENTIFIER -> out.u8(0x24).u8(16);
    }
  }

  ResponseBuilder row(List<Column> columns, List<Object> values) {
    out.u8(TOKEN_ROW);
    for (int i = 0; i < columns.size(); i++) {
      value(columns.get(i), values.get(i));
    }
    return this;
  }

  private void value(Column column, Object value) {
    boolean isNull = value == null;
    switch (column.type()) {
      case INT -> {
        if (isNull) out.u8(0); else out.u8(4).i32(((Number) value).intValue());
      }
      case BIGINT -> {
        if (isNull) out.u8(0); else out.u8(8).i64(((Number) value).longValue());
      }
      case BIT -> {
        if (isNull) out.u8(0); else out.u8(1).u8(((Boolean) value) ? 1 : 0);
      }
      case NVARCHAR -> {
        if (isNull) {
          out.u16(0xFFFF);
        } else {
          byte[] text = ((String) value).getBytes(StandardCharsets.UTF_16LE);
          out.u16(text.length).bytes(text);
        }
      }
      case VARBINARY -> {
        if (isNull) out.u16(0xFFFF); else out.u16(((byte[]) value).length).bytes((byte[]) value);
      }
      case DATETIME -> {
        if (isNull) {
          out.u8(0);
        } else {
          LocalDateTime time = (LocalDateTime) value;
          long days = ChronoUnit.DAYS.between(DATETIME_EPOCH, time.toLocalDate());
          long ticks = time.toLocalTime().toNanoOfDay() * 3 / 10_000_000L;
          out.u8(8).i32((int) days).i32((int) ticks);
        }
      }
      case UNIQUEIDENTIFIER -> {
        if (isNull) out.u8(0); else out.u8(16).bytes(guidBytes((UUID) value));
      }
    }
  }

  /** A GUID on the wire: the first three groups little-endian, the last eight bytes as they are. */
  private static byte[] guidBytes(UUID id) {
    long high = id.getMostSignificantBits();
    long low = id.getLeastSignificantBits();
    byte[] out = new byte[16];
    int[] order = {3, 2, 1, 0, 5, 4, 7, 6};
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (high >>> (8 * (7 - order[i])));
    }
    for (int i = 0; i < 8; i++) {
      out[8 + i] = (byte) (low >>> (8 * (7 - i)));
    }
    return out;
  }

  ResponseBuilder done(int token, int status, int command, long rowCount) {
    out.u8(token);
    lastDoneStatusOffset = out.size();
    out.u16(status | STATUS_MORE).u16(command).i64(Math.max(rowCount, 0));
    return this;
  }

  ResponseBuilder returnStatus(int value) {
    out.u8(TOKEN_RETURNSTATUS).i32(value);
    return this;
  }

  /** An int output parameter, as sp_prepexec returns the prepared handle. */
  ResponseBuilder returnIntValue(int ordinal, String name, int value) {
    out.u8(TOKEN_RETURNVALUE).u16(ordinal).bVarchar(name).u8(0x01)
        .i32(0).u16(0x0001).u8(0x26).u8(4)
        .u8(4).i32(value);
    return this;
  }

  boolean isEmpty() {
    return out.size() == 0;
  }

  byte[] finish() {
    byte[] bytes = out.toByteArray();
    if (lastDoneStatusOffset >= 0) {
      bytes[lastDoneStatusOffset] &= (byte) ~STATUS_MORE;
    }
    return bytes;
  }
}
