package io.keyrotation.operator.sqlserver;

/**
 * A row of {@code sys.cryptographic_providers} with the connector build from
 * {@code sys.dm_cryptographic_provider_properties.provider_version} ("aa.bb.cccc.dd"; null if the
 * provider reports none). See {@link ConnectorSupport} for what a version allows.
 */
public record CryptographicProvider(int id, String name, boolean enabled, String providerVersion) {}
