package io.keyrotation.sandbox.keyvault;

import java.time.Instant;

/**
 * One request as the vault saw it: when it arrived, what it was, who sent it (null before
 * authentication), how it was answered (status 0: the connection was dropped without an answer) and, for a 429, the {@code Retry-After} seconds given.
 */
public record RecordedRequest(Instant receivedAt, Instant answeredAt, String method, String path,
                              VaultOperation operation, String clientId, int status, Long retryAfterSeconds) {}
