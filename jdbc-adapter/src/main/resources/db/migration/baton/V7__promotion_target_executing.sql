-- Baton's PostgreSQL store, version 7: a target's promotions holding an execution claim, newest
-- first, straight from one small index. Every execution start and manual deploy asks, right after
-- storing its claim, for the other promotions into its target holding one (a count and a page of
-- two). Its prepared statement's plan, made while the table was empty (a fresh schema, before the
-- first ANALYZE), walked baton_promotion_target and baton_promotion_target_status with the claim
-- as a filter: an entry of every promotion ever made into the target, read twice per start, and
-- a connection kept that plan as the history grew. Here the claim is the index's predicate, so it
-- holds only the promotions executing now, and every plan, generic or not, answers both the count
-- and the page from it. Its columns are indexed already, so no update that was HOT stops being
-- HOT; a row has an entry only while it holds a claim.
CREATE INDEX baton_promotion_target_executing ON baton_promotion
  (project, target, requested_sec DESC, requested_nano DESC, id DESC) WHERE executing;
-- Version 1's index of the executing promotions by id stays, for recovery's page of every
-- executing promotion (no project): dropping it here would take a lock that waits behind any long
-- transaction reading the table and holds every read and write of promotions meanwhile. Building
-- this one takes a lock that lets reads through (writes wait while it reads the table once).
