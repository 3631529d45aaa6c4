-- Baton's PostgreSQL store, version 8: a take of a notification is a HOT update. A take (one by
-- one or in a batch), a give-back and a failure's retry each set the due time, which
-- baton_notification_due indexed, so every one of them wrote a new entry into each of the
-- outbox's three indexes. No statement of the store needs that index: the batch take's cursor and
-- the page of pending notifications walk baton_notification_oldest in their own order and test
-- the due time on the row, and the single take, the give-back and the failure find their row by
-- its id. Without it the due time is no indexed column, and an update that changes nothing else
-- indexed stays HOT when the new row version fits on its page; pages written from now on keep
-- 30 % free for that, as version 3 did for the promotions.
DROP INDEX baton_notification_due;
ALTER TABLE baton_notification SET (fillfactor = 70);
