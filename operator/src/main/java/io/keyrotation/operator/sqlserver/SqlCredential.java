package io.keyrotation.operator.sqlserver;

import java.time.LocalDateTime;

/**
 * A row of {@code sys.credentials}: never the secret (SQL Server does not expose it).
 * {@code modifiedAt} is in the server's local time, comparable with {@link SqlServerGateway#startTime()}.
 *
 * @param providerName the cryptographic provider it is for, or null for other credentials
 */
public record SqlCredential(String name, String identity, String providerName, LocalDateTime modifiedAt) {}
