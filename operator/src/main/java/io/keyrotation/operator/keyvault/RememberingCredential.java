package io.keyrotation.operator.keyvault;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * Passes token requests through and remembers the last failure. The key client can lose the
 * credential's exception and fail with a {@code NullPointerException} instead (seen with
 * {@code DefaultAzureCredential} when no identity is available); the gateway then reports the
 * remembered identity error.
 */
final class RememberingCredential implements TokenCredential {
  private final TokenCredential delegate;
  private final AtomicReference<Throwable> lastFailure = new AtomicReference<>();

  RememberingCredential(TokenCredential delegate) {
    this.delegate = delegate;
  }

  @Override
  public Mono<AccessToken> getToken(TokenRequestContext request) {
    return delegate.getToken(request)
        .doOnNext(token -> lastFailure.set(null))
        .doOnError(lastFailure::set);
  }

  @Override
  public AccessToken getTokenSync(TokenRequestContext request) {
    try {
      AccessToken token = delegate.getTokenSync(request);
      lastFailure.set(null);
      return token;
    } catch (RuntimeException e) {
      lastFailure.set(e);
      throw e;
    }
  }

  Optional<Throwable> lastFailure() {
    return Optional.ofNullable(lastFailure.get());
  }
}
