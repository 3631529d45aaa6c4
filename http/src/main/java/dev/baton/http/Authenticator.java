package dev.baton.http;

import dev.baton.model.UserId;
import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * Port that says who is calling the HTTP API, from the request's headers. Baton does not manage
 * accounts: the embedding platform answers with the person it authenticated (its session cookie,
 * a bearer token, a client certificate's name forwarded by a proxy), and Baton's
 * {@link dev.baton.spi.Authorizer} then decides what that person may do.
 *
 * <p>Called once per request, on the request's thread, before any route runs; it should be fast
 * and must be thread-safe. An empty answer refuses the request with 401 and
 * {@code WWW-Authenticate: Bearer}; an exception fails it with 500. {@link BearerTokens} is the
 * default, reading {@code TOKEN USER} pairs from a file.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface Authenticator {

  /**
   * The person the request's credentials name.
   *
   * @param headers the request's headers (names compare case-insensitively)
   * @return the caller, or empty when the credentials are missing, malformed or unknown
   * @since 0.2
   */
  Optional<UserId> authenticate(HttpHeaders headers);
}
