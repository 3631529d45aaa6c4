-- Baton's PostgreSQL store, version 2: exact totals of history pages without counting rows.
-- A page's total under the filters a history page uses most (project, target, status) is a sum
-- over this small table, which a trigger keeps in step with baton_promotion in the same
-- transaction; count(*) over a million promotions took longer than the whole page. A status
-- only moves forward (pending approval, then pending release, then completed or rejected), so
-- two transactions never take the rows of one target in opposite orders.

CREATE TABLE baton_promotion_count (
  project text COLLATE "C" NOT NULL,
  target  text COLLATE "C" NOT NULL,
  status  text NOT NULL,
  n       bigint NOT NULL,
  PRIMARY KEY (project, target, status)
);

INSERT INTO baton_promotion_count (project, target, status, n)
  SELECT project, target, status, count(*) FROM baton_promotion GROUP BY project, target, status;

-- The function runs with the search path of this migration: Baton's schema, whatever the
-- caller's search path is.
CREATE FUNCTION baton_promotion_count_change() RETURNS trigger
  LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE baton_promotion_count SET n = n - 1
      WHERE project = OLD.project AND target = OLD.target AND status = OLD.status;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO baton_promotion_count (project, target, status, n)
      VALUES (NEW.project, NEW.target, NEW.status, 1)
      ON CONFLICT (project, target, status) DO UPDATE SET n = baton_promotion_count.n + 1;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER baton_promotion_count_insert_delete AFTER INSERT OR DELETE ON baton_promotion
  FOR EACH ROW EXECUTE FUNCTION baton_promotion_count_change();
CREATE TRIGGER baton_promotion_count_update AFTER UPDATE OF project, target, status
  ON baton_promotion FOR EACH ROW
  WHEN (OLD.project IS DISTINCT FROM NEW.project OR OLD.target IS DISTINCT FROM NEW.target
    OR OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION baton_promotion_count_change();

-- Emptying the promotions (TRUNCATE fires no row triggers) empties the counts too.
CREATE FUNCTION baton_promotion_count_truncate() RETURNS trigger
  LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  DELETE FROM baton_promotion_count;
  RETURN NULL;
END
$$;

CREATE TRIGGER baton_promotion_count_truncate AFTER TRUNCATE ON baton_promotion
  FOR EACH STATEMENT EXECUTE FUNCTION baton_promotion_count_truncate();

-- A project's page into one target with one status, newest first, straight from one index.
CREATE INDEX baton_promotion_target_status ON baton_promotion
  (project, target, status, requested_sec DESC, requested_nano DESC, id DESC);
