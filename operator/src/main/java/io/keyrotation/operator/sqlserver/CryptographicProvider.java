package io.keyrotation.operator.sqlserver;

/** A row of {@code sys.cryptographic_providers}. */
public record CryptographicProvider(int id, String name, boolean enabled) {}
