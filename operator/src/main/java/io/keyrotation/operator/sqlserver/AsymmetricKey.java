package io.keyrotation.operator.sqlserver;

/**
 * An asymmetric key in {@code master}. {@code thumbprint} is upper-case hex without 0x;
 * {@code providerName} and {@code providerKeyName} ("name" or "name/version") are null for keys
 * not held by a cryptographic provider.
 */
public record AsymmetricKey(String name, String thumbprint, String providerName, String providerKeyName) {}
