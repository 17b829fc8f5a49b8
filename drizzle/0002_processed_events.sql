CREATE TABLE "processed_events" (
	"source" text NOT NULL,
	"event_id" text NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_source_event_id_pk" PRIMARY KEY("source","event_id")
);
--> statement-breakpoint
CREATE INDEX "processed_events_seen_at" ON "processed_events" USING btree ("seen_at");