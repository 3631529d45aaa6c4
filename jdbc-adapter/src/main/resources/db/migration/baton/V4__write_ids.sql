-- Baton's PostgreSQL store, version 4: a random 64-bit id chosen by the writing store on every
-- write of a promotion or a pipeline. A store answers a read from what it wrote or read before
-- only while the row's xmin, version and write_id are all as it left them. xmin and version alone
-- can repeat: after a commit that was lost (a failover to an asynchronous standby, a crash with
-- synchronous_commit off, a point-in-time restore) PostgreSQL hands out the lost transaction's id
-- again, to a write that may store the same version with another document. Nullable with no
-- default, so the ALTER changes only the catalog; a row written before (NULL) is always fetched.
ALTER TABLE baton_promotion ADD COLUMN write_id bigint;
ALTER TABLE baton_pipeline ADD COLUMN write_id bigint;
