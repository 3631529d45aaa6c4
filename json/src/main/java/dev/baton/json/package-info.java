/**
 * The one JSON mapping of Baton's SPI values that the stores share: identifiers as plain
 * strings (read back through their own validating factories), ISO-8601 instants, and strict
 * reading. The Git state store and the PostgreSQL store build their mappers from
 * {@link dev.baton.json.BatonJson}, so a promotion means the same JSON in both.
 */
package dev.baton.json;
