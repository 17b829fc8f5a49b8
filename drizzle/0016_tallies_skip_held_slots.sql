-- A running count no longer makes one signing wait for another. A signature
-- inserted in an event's transaction holds its counter's row lock until that
-- transaction commits, after the bot has rendered its replies. With a slot
-- drawn at random among 8, two signings under way that drew the same slot
-- queued: in the Telegram benchmark, sampled pg_stat_activity showed the
-- confirm step's insert waiting on another transaction (Lock: transactionid)
-- in most of the samples where it was running. Now each change takes a slot
-- no other open transaction holds (FOR UPDATE SKIP LOCKED). A counter seen
-- for the first time gets all 16 of its slots at once, so up to 16 signings
-- of one country and platform (or of one day) at a time never wait; beyond
-- that one waits for a random slot, as before. Still one change per counter
-- per statement, so bulk changes stay cheap; a counter is still read as the
-- sum of its slots.
CREATE FUNCTION signature_tally_bump(c text, cc char(2), p text, delta bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  free smallint;
BEGIN
  FOR attempt IN 1..2 LOOP
    SELECT slot INTO free FROM signature_tallies
      WHERE campaign_id = c AND country = cc AND platform = p
      LIMIT 1 FOR UPDATE SKIP LOCKED;
    IF FOUND THEN
      UPDATE signature_tallies SET n = n + delta WHERE campaign_id = c AND country = cc AND platform = p AND slot = free;
      RETURN;
    END IF;
    -- No slot yet, or every slot held: create the missing ones (at most once per counter).
    EXIT WHEN attempt = 2;
    INSERT INTO signature_tallies (campaign_id, country, platform, slot, n)
      SELECT c, cc, p, g, 0 FROM generate_series(0, 15) g
      ON CONFLICT DO NOTHING;
  END LOOP;
  -- More signings of this counter at once than slots: wait for one, as before.
  INSERT INTO signature_tallies AS t (campaign_id, country, platform, slot, n)
    VALUES (c, cc, p, floor(random() * 16)::smallint, delta)
    ON CONFLICT (campaign_id, country, platform, slot) DO UPDATE SET n = t.n + excluded.n;
END
$$;
--> statement-breakpoint
CREATE FUNCTION signature_daily_bump(c text, d date, delta bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  free smallint;
BEGIN
  FOR attempt IN 1..2 LOOP
    SELECT slot INTO free FROM signature_daily
      WHERE campaign_id = c AND day = d
      LIMIT 1 FOR UPDATE SKIP LOCKED;
    IF FOUND THEN
      UPDATE signature_daily SET n = n + delta WHERE campaign_id = c AND day = d AND slot = free;
      RETURN;
    END IF;
    EXIT WHEN attempt = 2;
    INSERT INTO signature_daily (campaign_id, day, slot, n)
      SELECT c, d, g, 0 FROM generate_series(0, 15) g
      ON CONFLICT DO NOTHING;
  END LOOP;
  INSERT INTO signature_daily AS t (campaign_id, day, slot, n)
    VALUES (c, d, floor(random() * 16)::smallint, delta)
    ON CONFLICT (campaign_id, day, slot) DO UPDATE SET n = t.n + excluded.n;
END
$$;
--> statement-breakpoint
-- Counters in key order, so two statements that change several never wait on each other crosswise.
CREATE OR REPLACE FUNCTION signature_tally_add() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT campaign_id, country, platform, count(*) AS n FROM added WHERE state = 'valid' GROUP BY campaign_id, country, platform ORDER BY 1, 2, 3 LOOP
    PERFORM signature_tally_bump(r.campaign_id, r.country, r.platform, r.n);
  END LOOP;
  FOR r IN SELECT campaign_id, signed_on, count(*) AS n FROM added WHERE state = 'valid' GROUP BY campaign_id, signed_on ORDER BY 1, 2 LOOP
    PERFORM signature_daily_bump(r.campaign_id, r.signed_on, r.n);
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION signature_tally_remove() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT campaign_id, country, platform, count(*) AS n FROM removed WHERE state = 'valid' GROUP BY campaign_id, country, platform ORDER BY 1, 2, 3 LOOP
    PERFORM signature_tally_bump(r.campaign_id, r.country, r.platform, -r.n);
  END LOOP;
  FOR r IN SELECT campaign_id, signed_on, count(*) AS n FROM removed WHERE state = 'valid' GROUP BY campaign_id, signed_on ORDER BY 1, 2 LOOP
    PERFORM signature_daily_bump(r.campaign_id, r.signed_on, -r.n);
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION signature_tally_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT campaign_id, country, platform, sum(delta) AS n FROM (
      SELECT campaign_id, country, platform, 1 AS delta FROM after_rows WHERE state = 'valid'
      UNION ALL
      SELECT campaign_id, country, platform, -1 FROM before_rows WHERE state = 'valid'
    ) changes GROUP BY campaign_id, country, platform HAVING sum(delta) <> 0 ORDER BY 1, 2, 3 LOOP
    PERFORM signature_tally_bump(r.campaign_id, r.country, r.platform, r.n);
  END LOOP;
  FOR r IN SELECT campaign_id, signed_on, sum(delta) AS n FROM (
      SELECT campaign_id, signed_on, 1 AS delta FROM after_rows WHERE state = 'valid'
      UNION ALL
      SELECT campaign_id, signed_on, -1 FROM before_rows WHERE state = 'valid'
    ) changes GROUP BY campaign_id, signed_on HAVING sum(delta) <> 0 ORDER BY 1, 2 LOOP
    PERFORM signature_daily_bump(r.campaign_id, r.signed_on, r.n);
  END LOOP;
  RETURN NULL;
END
$$;
