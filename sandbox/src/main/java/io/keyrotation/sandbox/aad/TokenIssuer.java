package io.keyrotation.sandbox.aad;

import io.keyrotation.sandbox.IssuedSecrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Issues and verifies the sandbox's access tokens: JWTs signed (RS256) with a key pair made at
 * start, carrying the claims a resource server checks ({@code aud}, {@code tid}, {@code appid},
 * {@code iss}, {@code nbf}, {@code exp}). Verification here checks only the signature; whether the
 * token is expired or meant for this resource is the resource server's decision.
 */
public final class TokenIssuer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  /** The claims of a verified token. */
  public record AccessTokenClaims(String tenantId, String appId, String audience, String issuer,
                                  Instant notBefore, Instant expiresAt) {}

  private final KeyPair signingKey;

  public TokenIssuer() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      this.signingKey = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String issuerFor(String tenantId) {
    return "https://sts.windows.net/" + tenantId + "/";
  }

  public String issue(String tenantId, String appId, String audience, Instant issuedAt, Instant expiresAt) {
    ObjectNode header = JSON.createObjectNode().put("typ", "JWT").put("alg", "RS256").put("kid", "sandbox");
    ObjectNode payload = JSON.createObjectNode()
        .put("aud", audience)
        .put("iss", issuerFor(tenantId))
        .put("iat", issuedAt.getEpochSecond())
        .put("nbf", issuedAt.getEpochSecond())
        .put("exp", expiresAt.getEpochSecond())
        .put("appid", appId)
        .put("appidacr", "1")
        .put("oid", appId)
        .put("sub", appId)
        .put("tid", tenantId)
        .put("ver", "1.0");
    String signingInput = encode(header) + "." + encode(payload);
    String token = signingInput + "." + B64.encodeToString(sign(signingInput));
    IssuedSecrets.record("access token", token);
    return token;
  }

  /** The token's claims if this issuer signed it; empty for anything else. */
  public Optional<AccessTokenClaims> verify(String token) {
    if (token == null) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(signingKey.getPublic());
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(B64D.decode(parts[2]))) {
        return Optional.empty();
      }
      JsonNode claims = JSON.readTree(B64D.decode(parts[1]));
      return Optional.of(new AccessTokenClaims(
          claims.path("tid").asText(),
          claims.path("appid").asText(),
          claims.path("aud").asText(),
          claims.path("iss").asText(),
          Instant.ofEpochSecond(claims.path("nbf").asLong()),
          Instant.ofEpochSecond(claims.path("exp").asLong())));
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] sign(String input) {
    try {
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(signingKey.getPrivate());
      signer.update(input.getBytes(StandardCharsets.US_ASCII));
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(ObjectNode node) {
    try {
      return B64.encodeToString(JSON.writeValueAsBytes(node));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
