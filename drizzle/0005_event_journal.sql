ALTER TABLE "processed_events" ADD COLUMN "state" text DEFAULT 'done' NOT NULL;--> statement-breakpoint
ALTER TABLE "processed_events" ADD COLUMN "replies" jsonb;--> statement-breakpoint
ALTER TABLE "processed_events" ADD COLUMN "lease_until" timestamp with time zone;