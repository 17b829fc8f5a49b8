-- Only valid signatures count. The running tallies now skip held and invalid
-- rows on insert and delete, and follow every change of state (or of country,
-- platform or day) made by an UPDATE: held -> valid adds, valid -> invalid
-- subtracts. Still one upsert per counter per statement, so a bulk review of
-- thousands of rows costs a handful of counter writes, and an UPDATE that
-- changes nothing counted (erasing names) writes no counter at all.
CREATE OR REPLACE FUNCTION signature_tally_add() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s smallint := floor(random() * 8)::smallint;
BEGIN
  INSERT INTO signature_tallies AS t (campaign_id, country, platform, slot, n)
    SELECT campaign_id, country, platform, s, count(*) FROM added WHERE state = 'valid' GROUP BY campaign_id, country, platform
    ON CONFLICT (campaign_id, country, platform, slot) DO UPDATE SET n = t.n + excluded.n;
  INSERT INTO signature_daily AS d (campaign_id, day, slot, n)
    SELECT campaign_id, signed_on, s, count(*) FROM added WHERE state = 'valid' GROUP BY campaign_id, signed_on
    ON CONFLICT (campaign_id, day, slot) DO UPDATE SET n = d.n + excluded.n;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION signature_tally_remove() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s smallint := floor(random() * 8)::smallint;
BEGIN
  INSERT INTO signature_tallies AS t (campaign_id, country, platform, slot, n)
    SELECT campaign_id, country, platform, s, -count(*) FROM removed WHERE state = 'valid' GROUP BY campaign_id, country, platform
    ON CONFLICT (campaign_id, country, platform, slot) DO UPDATE SET n = t.n + excluded.n;
  INSERT INTO signature_daily AS d (campaign_id, day, slot, n)
    SELECT campaign_id, signed_on, s, -count(*) FROM removed WHERE state = 'valid' GROUP BY campaign_id, signed_on
    ON CONFLICT (campaign_id, day, slot) DO UPDATE SET n = d.n + excluded.n;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION signature_tally_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s smallint := floor(random() * 8)::smallint;
BEGIN
  INSERT INTO signature_tallies AS t (campaign_id, country, platform, slot, n)
    SELECT campaign_id, country, platform, s, sum(delta) FROM (
      SELECT campaign_id, country, platform, 1 AS delta FROM after_rows WHERE state = 'valid'
      UNION ALL
      SELECT campaign_id, country, platform, -1 FROM before_rows WHERE state = 'valid'
    ) changes GROUP BY campaign_id, country, platform HAVING sum(delta) <> 0
    ON CONFLICT (campaign_id, country, platform, slot) DO UPDATE SET n = t.n + excluded.n;
  INSERT INTO signature_daily AS d (campaign_id, day, slot, n)
    SELECT campaign_id, signed_on, s, sum(delta) FROM (
      SELECT campaign_id, signed_on, 1 AS delta FROM after_rows WHERE state = 'valid'
      UNION ALL
      SELECT campaign_id, signed_on, -1 FROM before_rows WHERE state = 'valid'
    ) changes GROUP BY campaign_id, signed_on HAVING sum(delta) <> 0
    ON CONFLICT (campaign_id, day, slot) DO UPDATE SET n = d.n + excluded.n;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER signatures_tally_change AFTER UPDATE ON signatures
  REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows FOR EACH STATEMENT EXECUTE FUNCTION signature_tally_change();
