CREATE TABLE "delivery_records" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "delivery_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" text NOT NULL,
	"country" char(2) NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"photo_url" text,
	"online" integer NOT NULL,
	"paper" integer NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_targets" (
	"campaign_id" text NOT NULL,
	"country" char(2) NOT NULL,
	"target" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "delivery_targets_campaign_id_country_pk" PRIMARY KEY("campaign_id","country")
);
--> statement-breakpoint
CREATE TABLE "pack_snapshot_nodes" (
	"snapshot_id" integer NOT NULL,
	"level" smallint NOT NULL,
	"idx" integer NOT NULL,
	"hash" "bytea" NOT NULL,
	CONSTRAINT "pack_snapshot_nodes_snapshot_id_level_idx_pk" PRIMARY KEY("snapshot_id","level","idx")
);
--> statement-breakpoint
CREATE TABLE "pack_snapshot_rows" (
	"snapshot_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"country" char(2) NOT NULL,
	"display_name" text,
	"signed_on" date NOT NULL,
	"receipt_digest" "bytea" NOT NULL,
	"leaf" "bytea" NOT NULL,
	"leaf_index" integer,
	CONSTRAINT "pack_snapshot_rows_snapshot_id_seq_pk" PRIMARY KEY("snapshot_id","seq")
);
--> statement-breakpoint
CREATE TABLE "pack_snapshots" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "pack_snapshots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" text NOT NULL,
	"frozen_at" timestamp with time zone NOT NULL,
	"final" boolean NOT NULL,
	"total" integer NOT NULL,
	"by_country" jsonb NOT NULL,
	"merkle_root" text NOT NULL,
	"leaf_version" smallint NOT NULL,
	"context" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "paper_batches" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "paper_batches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"campaign_id" text NOT NULL,
	"country" char(2) NOT NULL,
	"count" integer NOT NULL,
	"event" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	"added_by" text NOT NULL,
	"reversed_at" timestamp with time zone,
	CONSTRAINT "paper_batches_count_positive" CHECK ("paper_batches"."count" > 0)
);
--> statement-breakpoint
ALTER TABLE "pack_snapshot_nodes" ADD CONSTRAINT "pack_snapshot_nodes_snapshot_id_pack_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."pack_snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pack_snapshot_rows" ADD CONSTRAINT "pack_snapshot_rows_snapshot_id_pack_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."pack_snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delivery_records_campaign" ON "delivery_records" USING btree ("campaign_id","id");--> statement-breakpoint
CREATE INDEX "pack_snapshot_rows_country" ON "pack_snapshot_rows" USING btree ("snapshot_id","country","seq");--> statement-breakpoint
CREATE INDEX "pack_snapshot_rows_receipt" ON "pack_snapshot_rows" USING btree ("snapshot_id","receipt_digest");--> statement-breakpoint
CREATE UNIQUE INDEX "pack_snapshots_one_final" ON "pack_snapshots" USING btree ("campaign_id") WHERE "pack_snapshots"."final";--> statement-breakpoint
CREATE INDEX "pack_snapshots_latest" ON "pack_snapshots" USING btree ("campaign_id","id");--> statement-breakpoint
CREATE INDEX "paper_batches_campaign" ON "paper_batches" USING btree ("campaign_id");