-- A freeze computes every leaf in the database in one statement: signatures keep their receipt digest
-- from signing on (older rows stay null until a freeze fills them in), and the snapshot rows lose the
-- foreign key that was checked row by row (only the freeze writes them, under its own header).
ALTER TABLE "pack_snapshot_rows" DROP CONSTRAINT "pack_snapshot_rows_snapshot_id_pack_snapshots_id_fk";
--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "receipt_digest" "bytea";