-- Baton's PostgreSQL store, version 6: the outbox's batch take as a function that updates each
-- row it locks where the lock found it (UPDATE ... WHERE CURRENT OF), never by a join.
-- The take was one statement, WITH due AS (SELECT ... FOR UPDATE SKIP LOCKED) UPDATE ... FROM due
-- WHERE id = due.id, and the planner joined the two with a hash join over a sequential scan of
-- the whole table: the outbox holds few live rows, so a scan looks cheapest when the plan is made,
-- but every delivered notification is deleted, the dead rows stay until the next autovacuum (a
-- minute apart at the default naptime), and a prepared statement keeps its plan while the table
-- grows, so every take read every page written since the last vacuum. Here the rows are found
-- once, by the cursor's scan of baton_notification_oldest, and each is updated by its position.
-- The function turns sequential scans off for its own statements: PL/pgSQL keeps the cursor's
-- plan per connection, and one made while the outbox was small and analyzed would be a scan and
-- a sort, which reads every dead row again once deliveries pile them up; the index walk reads
-- only the due rows' entries whatever the statistics said when the plan was made.
-- The search path is this migration's (Baton's schema), as for version 2's counting functions:
-- the function finds its table whatever the caller's search path, so the schema must not be
-- renamed under a running store. variable_conflict: the result columns are also variables in
-- the body, and a column of the same name in the cursor's query means the column.
--
-- The answer is what the statement answered: the rows taken, each with the due time it had before
-- the take, at most max_rows of them, oldest first; a row locked by another caller is passed over
-- (SKIP LOCKED), and one that another caller changed meanwhile is taken only if it is still due.
-- held: ids this caller's store treats as gone (their deletes ride on the same statement).
CREATE FUNCTION baton_take_due_notifications(now_sec bigint, now_nano integer, held text[],
    max_rows integer, until_sec bigint, until_nano integer)
  RETURNS TABLE (document text, attempts integer, due_sec bigint, due_nano integer,
    last_error text, created_sec bigint, created_nano integer, stored_order bigint)
  LANGUAGE plpgsql SET search_path FROM CURRENT SET enable_seqscan = off AS $$
#variable_conflict use_column
DECLARE
  due CURSOR FOR SELECT n.document::text AS document, n.attempts, n.due_sec, n.due_nano,
      n.last_error, n.created_sec, n.created_nano, n.stored_order
    FROM baton_notification n
    WHERE (n.due_sec, n.due_nano) <= (now_sec, now_nano) AND n.id <> ALL (held)
    ORDER BY n.created_sec, n.created_nano, n.stored_order
    LIMIT max_rows
    FOR UPDATE SKIP LOCKED;
BEGIN
  FOR taken IN due LOOP
    UPDATE baton_notification SET due_sec = until_sec, due_nano = until_nano
      WHERE CURRENT OF due;
    document := taken.document;
    attempts := taken.attempts;
    due_sec := taken.due_sec;
    due_nano := taken.due_nano;
    last_error := taken.last_error;
    created_sec := taken.created_sec;
    created_nano := taken.created_nano;
    stored_order := taken.stored_order;
    RETURN NEXT;
  END LOOP;
END
$$;
