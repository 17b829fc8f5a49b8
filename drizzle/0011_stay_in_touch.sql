CREATE TABLE "stay_in_touch" (
	"address_index" text PRIMARY KEY NOT NULL,
	"address" text NOT NULL,
	"language" text NOT NULL,
	"consented_at" timestamp with time zone NOT NULL
);
