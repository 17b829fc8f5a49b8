CREATE TABLE "cases" (
	"number" integer PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text,
	"date" text,
	"place" text,
	"summary" jsonb NOT NULL,
	"story" jsonb NOT NULL,
	"source" text,
	"is_sample" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "dialogues" (
	"key" text PRIMARY KEY NOT NULL,
	"state" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "preferences" (
	"signer_key" text PRIMARY KEY NOT NULL,
	"language" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signature_daily" (
	"campaign_id" text NOT NULL,
	"day" date NOT NULL,
	"slot" smallint NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "signature_daily_campaign_id_day_slot_pk" PRIMARY KEY("campaign_id","day","slot")
);
--> statement-breakpoint
CREATE TABLE "signature_tallies" (
	"campaign_id" text NOT NULL,
	"country" char(2) NOT NULL,
	"platform" text NOT NULL,
	"slot" smallint NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "signature_tallies_campaign_id_country_platform_slot_pk" PRIMARY KEY("campaign_id","country","platform","slot")
);
--> statement-breakpoint
CREATE TABLE "signatures" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "signatures_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"campaign_id" text NOT NULL,
	"signer_key" text NOT NULL,
	"display_name" text,
	"name_style" text NOT NULL,
	"country" char(2) NOT NULL,
	"language" text NOT NULL,
	"platform" text NOT NULL,
	"referral" text,
	"signed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"signed_on" date NOT NULL,
	CONSTRAINT "signatures_one_per_signer" UNIQUE("campaign_id","signer_key"),
	CONSTRAINT "signatures_name_matches_style" CHECK (("signatures"."name_style" = 'anonymous') = ("signatures"."display_name" is null))
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"campaign_id" text NOT NULL,
	"address" text NOT NULL,
	"signer_key" text,
	"language" text NOT NULL,
	"time_zone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscriptions_campaign_id_address_pk" PRIMARY KEY("campaign_id","address")
);
--> statement-breakpoint
CREATE INDEX "signatures_campaign_signed_at" ON "signatures" USING btree ("campaign_id","signed_at");--> statement-breakpoint
CREATE INDEX "subscriptions_signer" ON "subscriptions" USING btree ("signer_key");