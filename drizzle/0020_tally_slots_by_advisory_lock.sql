-- A counter's first signings no longer wait for each other. Until now a
-- counter seen for the first time (a new country and platform, and every
-- new day) got all 16 slots from the first signing's transaction; signings
-- at the same moment could not see those uncommitted rows, inserted the same
-- 16 and waited for that transaction, then for each that took a slot
-- meanwhile. Seen in the Telegram benchmark (log_lock_waits: "while inserting
-- index tuple ... signature_tallies"): four confirms waited 8-40 ms in a
-- chain, and every day's first moments would do the same.
-- A slot is now taken by a transaction-level advisory lock (the two-key
-- form, which nothing else in the app uses), tried from a random slot on:
-- a lock is seen at once, committed or not, so up to 16 signings of one
-- counter at a time never wait, whether its rows exist yet or not. The slot's
-- row is created by the first change that takes it. Every change to the
-- counters goes through the two bump functions, so no one holds a slot's row
-- without its lock. Past 16 at once, one waits for a random slot's holder,
-- as before. A counter is still read as the sum of its slots.

-- Takes one of a counter's 16 slots for this transaction and says which.
CREATE OR REPLACE FUNCTION signature_slot_take(counter int) RETURNS smallint LANGUAGE plpgsql AS $$
DECLARE
  first smallint := floor(random() * 16)::smallint;
BEGIN
  FOR i IN 0..15 LOOP
    IF pg_try_advisory_xact_lock(counter, (first + i) % 16) THEN
      RETURN (first + i) % 16;
    END IF;
  END LOOP;
  -- Every slot is held by signings under way: wait for one of them, at random.
  PERFORM pg_advisory_xact_lock(counter, first);
  RETURN first;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION signature_tally_bump(c text, cc char(2), p text, delta bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO signature_tallies AS t (campaign_id, country, platform, slot, n)
    VALUES (c, cc, p, signature_slot_take(hashtext('tally/' || c || '/' || cc || '/' || p)), delta)
    ON CONFLICT (campaign_id, country, platform, slot) DO UPDATE SET n = t.n + excluded.n;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION signature_daily_bump(c text, d date, delta bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO signature_daily AS t (campaign_id, day, slot, n)
    VALUES (c, d, signature_slot_take(hashtext('daily/' || c || '/' || d::text)), delta)
    ON CONFLICT (campaign_id, day, slot) DO UPDATE SET n = t.n + excluded.n;
END
$$;
