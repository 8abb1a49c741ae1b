package io.keyrotation.sandbox.sqlserver.engine;

/** One column of a result set. */
public record Column(String name, SqlType type) {}
