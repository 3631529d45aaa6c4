-- Baton's PostgreSQL store, version 3: room on every page of baton_promotion for the row's next
-- version. A promotion's row is rewritten about six times over its life, most often without a
-- change to an indexed column (an approval, the steps of its execution); such an update is HOT
-- (no new index entries) only when the new version fits on the same page, and at the default
-- fill factor of 100 a page of ~1.4 KB rows is full. Pages written from now on keep 30 % free;
-- existing pages keep their layout until rewritten.
ALTER TABLE baton_promotion SET (fillfactor = 70);
