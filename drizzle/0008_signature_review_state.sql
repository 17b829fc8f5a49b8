CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flood_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "signing_minutes" (
	"campaign_id" text NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "signing_minutes_campaign_id_minute_scope_key_pk" PRIMARY KEY("campaign_id","minute","scope","key")
);
--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "state" text DEFAULT 'valid' NOT NULL;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "held_rule" text;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "invalid_reason" text;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "reviewed_by" text;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "name_key" text;--> statement-breakpoint
CREATE INDEX "audit_log_actor_at" ON "audit_log" USING btree ("actor","at");--> statement-breakpoint
CREATE INDEX "signatures_same_name" ON "signatures" USING btree ("campaign_id","name_key","country","platform","signed_at") WHERE "signatures"."name_key" is not null;--> statement-breakpoint
CREATE INDEX "signatures_review" ON "signatures" USING btree ("campaign_id","state","held_rule","signed_at") WHERE "signatures"."state" <> 'valid' or "signatures"."held_rule" is not null;--> statement-breakpoint
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_state_known" CHECK ("signatures"."state" in ('valid', 'held', 'invalid'));--> statement-breakpoint
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_held_has_rule" CHECK ("signatures"."state" <> 'held' or "signatures"."held_rule" is not null);--> statement-breakpoint
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_invalid_has_reason" CHECK ("signatures"."state" <> 'invalid' or ("signatures"."invalid_reason" is not null and "signatures"."reviewed_by" is not null and "signatures"."reviewed_at" is not null));