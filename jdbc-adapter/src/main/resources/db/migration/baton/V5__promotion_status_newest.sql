-- Baton's PostgreSQL store, version 5: pages of one status across all projects, newest first,
-- straight from one index. Recovery pages through every PENDING_APPROVAL promotion and the merge
-- wait through every PENDING_RELEASE one, with no project; baton_promotion_status leads with the
-- project, so such a page scanned the newest-first index (or the table) in full, a million rows
-- for a handful of matches, at every recovery pass. Not a partial index on the two statuses: the
-- same index serves a history page of any one status across projects. It gets an entry on every
-- insert and every update that is not HOT (one changing an indexed column: a status move, a claim
-- taken or released); an approval that changes no indexed column stays HOT and writes none.
CREATE INDEX baton_promotion_status_newest ON baton_promotion
  (status, requested_sec DESC, requested_nano DESC, id DESC);
