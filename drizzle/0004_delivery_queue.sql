CREATE TABLE "broadcasts" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"kind" text NOT NULL,
	"audience" text NOT NULL,
	"content" jsonb NOT NULL,
	"requested_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_snapshots" (
	"campaign_id" text PRIMARY KEY NOT NULL,
	"snapshot" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"broadcast_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"address" text NOT NULL,
	"platform" text NOT NULL,
	"language" text NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"in_doubt" boolean DEFAULT false NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deliveries_once_per_recipient" UNIQUE("broadcast_id","address")
);
--> statement-breakpoint
CREATE TABLE "send_rates" (
	"platform" text PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paused_until" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "deliveries_due" ON "deliveries" USING btree ("platform","state","not_before");--> statement-breakpoint
CREATE INDEX "deliveries_recent_per_address" ON "deliveries" USING btree ("address","sent_at");--> statement-breakpoint
CREATE INDEX "deliveries_broadcast_state" ON "deliveries" USING btree ("broadcast_id","state");