-- A signing that finds every slot of a counter held waits for one signing
-- under way, as 0016 meant, not for each in turn. In 0016, finding no free
-- slot also meant "maybe no slots yet", so it ran the insert of all 16 slots
-- (ON CONFLICT DO NOTHING) even when they existed: that insert checks the
-- slots one by one, and a slot another open transaction has just updated
-- makes it wait for that transaction to end, then the next one. Seen in the
-- Telegram benchmark (32 chats, one country and platform): with more than
-- 16 signings under way, the confirm step waited on several transactions in
-- a row (log_lock_waits: "while inserting index tuple ... signature_tallies").
-- Now the slots are created only when the counter has none, and a counter
-- whose slots are all held takes a random one, waiting for its holder only.
CREATE OR REPLACE FUNCTION signature_tally_bump(c text, cc char(2), p text, delta bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  free smallint;
BEGIN
  SELECT slot INTO free FROM signature_tallies
    WHERE campaign_id = c AND country = cc AND platform = p
    LIMIT 1 FOR UPDATE SKIP LOCKED;
  IF NOT FOUND AND NOT EXISTS (SELECT 1 FROM signature_tallies WHERE campaign_id = c AND country = cc AND platform = p) THEN
    -- A counter seen for the first time gets all its slots at once. Signings
    -- creating it at the same moment wait for the first creator's commit, and
    -- may then wait for signings that took a slot meanwhile: only in a
    -- counter's first moments.
    INSERT INTO signature_tallies (campaign_id, country, platform, slot, n)
      SELECT c, cc, p, g, 0 FROM generate_series(0, 15) g
      ON CONFLICT DO NOTHING;
    SELECT slot INTO free FROM signature_tallies
      WHERE campaign_id = c AND country = cc AND platform = p
      LIMIT 1 FOR UPDATE SKIP LOCKED;
  END IF;
  IF FOUND THEN
    UPDATE signature_tallies SET n = n + delta WHERE campaign_id = c AND country = cc AND platform = p AND slot = free;
    RETURN;
  END IF;
  -- More signings of this counter at once than slots: wait for one, at random.
  INSERT INTO signature_tallies AS t (campaign_id, country, platform, slot, n)
    VALUES (c, cc, p, floor(random() * 16)::smallint, delta)
    ON CONFLICT (campaign_id, country, platform, slot) DO UPDATE SET n = t.n + excluded.n;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION signature_daily_bump(c text, d date, delta bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  free smallint;
BEGIN
  SELECT slot INTO free FROM signature_daily
    WHERE campaign_id = c AND day = d
    LIMIT 1 FOR UPDATE SKIP LOCKED;
  IF NOT FOUND AND NOT EXISTS (SELECT 1 FROM signature_daily WHERE campaign_id = c AND day = d) THEN
    INSERT INTO signature_daily (campaign_id, day, slot, n)
      SELECT c, d, g, 0 FROM generate_series(0, 15) g
      ON CONFLICT DO NOTHING;
    SELECT slot INTO free FROM signature_daily
      WHERE campaign_id = c AND day = d
      LIMIT 1 FOR UPDATE SKIP LOCKED;
  END IF;
  IF FOUND THEN
    UPDATE signature_daily SET n = n + delta WHERE campaign_id = c AND day = d AND slot = free;
    RETURN;
  END IF;
  INSERT INTO signature_daily AS t (campaign_id, day, slot, n)
    VALUES (c, d, floor(random() * 16)::smallint, delta)
    ON CONFLICT (campaign_id, day, slot) DO UPDATE SET n = t.n + excluded.n;
END
$$;
