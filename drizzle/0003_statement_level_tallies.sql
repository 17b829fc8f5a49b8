-- Tallies per statement instead of per row: a batch of signatures (or a bulk
-- import, or a retention job) now costs one upsert per country/platform and
-- per day, not one per row. Per-row upserts of the same counter inside one
-- transaction also piled up row versions that could not be pruned yet, which
-- made large single-transaction writes slow down quadratically.
DROP TRIGGER signatures_tally ON signatures;
--> statement-breakpoint
DROP FUNCTION signature_tally();
--> statement-breakpoint
CREATE FUNCTION signature_tally_add() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s smallint := floor(random() * 8)::smallint;
BEGIN
  INSERT INTO signature_tallies AS t (campaign_id, country, platform, slot, n)
    SELECT campaign_id, country, platform, s, count(*) FROM added GROUP BY campaign_id, country, platform
    ON CONFLICT (campaign_id, country, platform, slot) DO UPDATE SET n = t.n + excluded.n;
  INSERT INTO signature_daily AS d (campaign_id, day, slot, n)
    SELECT campaign_id, signed_on, s, count(*) FROM added GROUP BY campaign_id, signed_on
    ON CONFLICT (campaign_id, day, slot) DO UPDATE SET n = d.n + excluded.n;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION signature_tally_remove() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s smallint := floor(random() * 8)::smallint;
BEGIN
  INSERT INTO signature_tallies AS t (campaign_id, country, platform, slot, n)
    SELECT campaign_id, country, platform, s, -count(*) FROM removed GROUP BY campaign_id, country, platform
    ON CONFLICT (campaign_id, country, platform, slot) DO UPDATE SET n = t.n + excluded.n;
  INSERT INTO signature_daily AS d (campaign_id, day, slot, n)
    SELECT campaign_id, signed_on, s, -count(*) FROM removed GROUP BY campaign_id, signed_on
    ON CONFLICT (campaign_id, day, slot) DO UPDATE SET n = d.n + excluded.n;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER signatures_tally_add AFTER INSERT ON signatures
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION signature_tally_add();
--> statement-breakpoint
CREATE TRIGGER signatures_tally_remove AFTER DELETE ON signatures
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION signature_tally_remove();
