/**
 * The HTTP API's implementation: routes, request bodies, problem details. Not API: nothing here
 * appears in a public signature, and it changes without notice.
 */
package dev.baton.http.internal;
