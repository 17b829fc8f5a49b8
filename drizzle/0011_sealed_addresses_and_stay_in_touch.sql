-- Addresses become sealed (encrypted) values found by a blind index. Rows from before
-- keep their plain address for now, with the plain address as a stand-in index: the app
-- seals them at its next start, before it serves anyone (src/storage/address-sealing.ts).
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_once_per_recipient";--> statement-breakpoint
DROP INDEX "deliveries_recent_per_address";--> statement-breakpoint
ALTER TABLE "subscriptions" DROP CONSTRAINT "subscriptions_campaign_id_address_pk";--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "address_index" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "address_index" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "platform" text;--> statement-breakpoint
UPDATE "deliveries" SET "address_index" = "address";--> statement-breakpoint
UPDATE "subscriptions" SET "address_index" = "address", "platform" = split_part("address", ':', 1);--> statement-breakpoint
ALTER TABLE "deliveries" ALTER COLUMN "address_index" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ALTER COLUMN "address_index" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ALTER COLUMN "platform" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_campaign_id_address_index_pk" PRIMARY KEY("campaign_id","address_index");--> statement-breakpoint
CREATE INDEX "deliveries_unsealed" ON "deliveries" USING btree ("address_index") WHERE "deliveries"."address" not like 'a1.%';--> statement-breakpoint
CREATE INDEX "subscriptions_unsealed" ON "subscriptions" USING btree ("address_index") WHERE "subscriptions"."address" not like 'a1.%';--> statement-breakpoint
CREATE INDEX "deliveries_recent_per_address" ON "deliveries" USING btree ("address_index","sent_at");--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_once_per_recipient" UNIQUE("broadcast_id","address_index");
--> statement-breakpoint
CREATE TABLE "stay_in_touch" (
	"address_index" text PRIMARY KEY NOT NULL,
	"address" text NOT NULL,
	"language" text NOT NULL,
	"consented_at" timestamp with time zone NOT NULL
);
