/**
 * The web console's pages, sessions and pictures (not API): server-rendered HTML from Mustache
 * templates, built on the engine's facades exactly as the JSON API is.
 */
package dev.baton.http.internal.console;
