CREATE TABLE "communities" (
	"campaign_id" text NOT NULL,
	"code" text NOT NULL,
	"platform" text NOT NULL,
	"name" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "communities_campaign_id_code_pk" PRIMARY KEY("campaign_id","code")
);
--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "community" text;--> statement-breakpoint
CREATE INDEX "signatures_referral" ON "signatures" USING btree ("campaign_id","referral","country") WHERE "signatures"."referral" is not null and "signatures"."state" = 'valid';