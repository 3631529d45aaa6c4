/**
 * Baton's JSON: the one encoding ({@link dev.baton.http.json.Json}) and the shapes
 * ({@link dev.baton.http.json.JsonView}) that the command line's {@code --json} and the HTTP API
 * share, so that a script reads the same bytes from either.
 *
 * @since 0.2
 */
package dev.baton.http.json;
