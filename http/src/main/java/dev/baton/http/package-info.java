/**
 * Baton over HTTP: the JSON API (the routes of {@link dev.baton.http.BatonHttp}, mounted in a
 * platform's Javalin server or run by {@link dev.baton.http.BatonServer}), the web console for
 * the people who approve and deploy ({@link dev.baton.http.BatonConsole}), and who is calling
 * ({@link dev.baton.http.Authenticator}, by default {@link dev.baton.http.BearerTokens}).
 *
 * @since 0.2
 */
package dev.baton.http;
