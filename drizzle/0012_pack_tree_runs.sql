ALTER TABLE "pack_snapshot_nodes" RENAME COLUMN "hash" TO "hashes";--> statement-breakpoint
-- Trees stored a node a row become runs of 1,024 consecutive nodes a row (TREE_CHUNK_NODES in
-- src/storage/pack-snapshot-repository.ts): the same hashes, concatenated in index order.
CREATE TEMP TABLE "pack_tree_runs" AS
  SELECT "snapshot_id", "level", "idx" / 1024 AS "run", string_agg("hashes", ''::bytea ORDER BY "idx") AS "hashes"
  FROM "pack_snapshot_nodes" GROUP BY "snapshot_id", "level", "idx" / 1024;--> statement-breakpoint
DELETE FROM "pack_snapshot_nodes";--> statement-breakpoint
INSERT INTO "pack_snapshot_nodes" ("snapshot_id", "level", "idx", "hashes") SELECT "snapshot_id", "level", "run", "hashes" FROM "pack_tree_runs";--> statement-breakpoint
DROP TABLE "pack_tree_runs";
