-- A leaf's tree position is found in the tree itself (level 0 of pack_snapshot_nodes holds the leaves
-- sorted): the freeze can write rows as it reads them, before all leaves are known and sorted.
ALTER TABLE "pack_snapshot_rows" DROP COLUMN "leaf_index";