-- Keeps signature_tallies and signature_daily in step with signatures inside the
-- same transaction, whatever writes the row (sign, withdraw, retention, psql).
-- A random slot out of 8 spreads concurrent signers from one country over
-- several counter rows so they do not all wait on one row lock.
CREATE FUNCTION signature_tally() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r signatures%ROWTYPE;
  delta bigint;
  s smallint := floor(random() * 8)::smallint;
BEGIN
  IF TG_OP = 'INSERT' THEN r := NEW; delta := 1; ELSE r := OLD; delta := -1; END IF;
  INSERT INTO signature_tallies AS t (campaign_id, country, platform, slot, n)
    VALUES (r.campaign_id, r.country, r.platform, s, delta)
    ON CONFLICT (campaign_id, country, platform, slot) DO UPDATE SET n = t.n + excluded.n;
  INSERT INTO signature_daily AS d (campaign_id, day, slot, n)
    VALUES (r.campaign_id, r.signed_on, s, delta)
    ON CONFLICT (campaign_id, day, slot) DO UPDATE SET n = d.n + excluded.n;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER signatures_tally AFTER INSERT OR DELETE ON signatures
  FOR EACH ROW EXECUTE FUNCTION signature_tally();
--> statement-breakpoint
-- TRUNCATE skips row triggers, so clear the counts with it.
CREATE FUNCTION signature_tally_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM signature_tallies;
  DELETE FROM signature_daily;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER signatures_tally_truncate AFTER TRUNCATE ON signatures
  FOR EACH STATEMENT EXECUTE FUNCTION signature_tally_truncate();
