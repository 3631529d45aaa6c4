/**
 * Baton's one exception family: {@link dev.baton.error.BatonException} with a stable
 * {@link dev.baton.error.ErrorCode} (and the HTTP status to render it as) that callers switch
 * on, and {@link dev.baton.error.Arguments}, the argument checks every module shares. Everything
 * here is immutable or stateless, and thread-safe.
 */
package dev.baton.error;
