-- A freeze computes every leaf in the database in one statement: signatures keep their receipt digest
-- from signing on (older rows stay null until a freeze fills them in). Filling a snapshot costs less:
-- no foreign key checked row by row (only the freeze writes rows, under its own header), no country
-- index (a country is a range of seq), and a hash index for the receipt lookup (equality only).
ALTER TABLE "pack_snapshot_rows" DROP CONSTRAINT "pack_snapshot_rows_snapshot_id_pack_snapshots_id_fk";
--> statement-breakpoint
DROP INDEX "pack_snapshot_rows_country";--> statement-breakpoint
DROP INDEX "pack_snapshot_rows_receipt";--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "receipt_digest" "bytea";--> statement-breakpoint
CREATE INDEX "pack_snapshot_rows_receipt" ON "pack_snapshot_rows" USING hash ("receipt_digest");