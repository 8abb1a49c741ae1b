package io.keyrotation.sandbox.sqlserver.engine;

/** The column types the stand-in's catalog views return (a subset of SQL Server's). */
public enum SqlType {
  INT,
  BIGINT,
  BIT,
  /** nvarchar(n) up to 4000 characters; values are {@link String}. */
  NVARCHAR,
  /** varbinary(n) up to 8000 bytes; values are {@code byte[]}. */
  VARBINARY,
  /** datetime; values are {@link java.time.LocalDateTime}. */
  DATETIME,
  /** uniqueidentifier; values are {@link java.util.UUID}. */
  UNIQUEIDENTIFIER
}
