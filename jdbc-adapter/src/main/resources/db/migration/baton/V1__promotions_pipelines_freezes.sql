-- Baton's PostgreSQL store, version 1. Instants are kept as (epoch second, nanosecond) pairs so
-- that they round-trip at Java's nanosecond precision (timestamptz keeps microseconds) and order
-- exactly. Identifiers compare with the "C" collation: byte order, the order of String.compareTo
-- for the identifiers Baton allows.

CREATE TABLE baton_promotion (
  id              text COLLATE "C" PRIMARY KEY,
  project         text COLLATE "C" NOT NULL,
  idempotency_key text COLLATE "C",
  target          text COLLATE "C" NOT NULL,
  status          text NOT NULL,
  requester       text COLLATE "C" NOT NULL,
  requested_sec   bigint NOT NULL,
  requested_nano  integer NOT NULL,
  executing       boolean NOT NULL,
  version         bigint NOT NULL,
  document        jsonb NOT NULL
);

CREATE UNIQUE INDEX baton_promotion_key ON baton_promotion (project, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
-- History pages: newest first within a project, narrowed by target, status or requester.
CREATE INDEX baton_promotion_newest ON baton_promotion
  (requested_sec DESC, requested_nano DESC, id DESC);
CREATE INDEX baton_promotion_project ON baton_promotion
  (project, requested_sec DESC, requested_nano DESC, id DESC);
CREATE INDEX baton_promotion_target ON baton_promotion
  (project, target, requested_sec DESC, requested_nano DESC, id DESC);
CREATE INDEX baton_promotion_status ON baton_promotion
  (project, status, requested_sec DESC, requested_nano DESC, id DESC);
CREATE INDEX baton_promotion_requester ON baton_promotion
  (requester, requested_sec DESC, requested_nano DESC, id DESC);
-- Recovery reads every promotion holding an execution claim.
CREATE INDEX baton_promotion_executing ON baton_promotion (id) WHERE executing;

CREATE TABLE baton_target_claim (
  project   text COLLATE "C" NOT NULL,
  target    text COLLATE "C" NOT NULL,
  promotion text COLLATE "C" NOT NULL,
  PRIMARY KEY (project, target)
);

CREATE TABLE baton_notification (
  id           text COLLATE "C" PRIMARY KEY,
  stored_order bigserial NOT NULL,
  created_sec  bigint NOT NULL,
  created_nano integer NOT NULL,
  due_sec      bigint NOT NULL,
  due_nano     integer NOT NULL,
  attempts     integer NOT NULL,
  last_error   text,
  document     jsonb NOT NULL
);

CREATE INDEX baton_notification_due ON baton_notification (due_sec, due_nano);
CREATE INDEX baton_notification_oldest ON baton_notification
  (created_sec, created_nano, stored_order);

CREATE TABLE baton_pipeline (
  project  text COLLATE "C" PRIMARY KEY,
  version  bigint NOT NULL,
  document jsonb NOT NULL
);

CREATE TABLE baton_freeze (
  project     text COLLATE "C" NOT NULL,
  environment text COLLATE "C" NOT NULL,
  document    jsonb NOT NULL,
  PRIMARY KEY (project, environment)
);

CREATE TABLE baton_break_glass (
  stored_order bigserial PRIMARY KEY,
  project      text COLLATE "C" NOT NULL,
  environment  text COLLATE "C" NOT NULL,
  started_sec  bigint NOT NULL,
  started_nano integer NOT NULL,
  document     jsonb NOT NULL
);

CREATE INDEX baton_break_glass_environment ON baton_break_glass
  (project, environment, started_sec, started_nano, stored_order);
