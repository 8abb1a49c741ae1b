package io.keyrotation.sandbox.keyvault;

import java.time.Instant;

/**
 * One request as the vault saw it: when it arrived, what it was, who sent it (null before
 * authentication), how it was answered (status 0: the connection was dropped without an answer), for a 429, the {@code Retry-After} seconds given,
 * and the client's {@code User-Agent} (null without one; Key Vault's logs show it as {@code clientInfo}).
 */
public record RecordedRequest(Instant receivedAt, Instant answeredAt, String method, String path,
                              VaultOperation operation, String clientId, int status, Long retryAfterSeconds,
                              String userAgent) {}
