ALTER TABLE "api_keys" ADD COLUMN "scopes" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "token_type" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "owner" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "expires_at" bigint;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "last_used_at" bigint;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "actor_kind" text DEFAULT 'system' NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "actor_id" text;--> statement-breakpoint
CREATE INDEX "audit_actor" ON "audit_log" USING btree ("actor","id");--> statement-breakpoint
CREATE INDEX "audit_at" ON "audit_log" USING btree ("at");--> statement-breakpoint
-- The admin tokens made before scopes existed may do everything, as they could.
UPDATE "api_keys" SET "scopes" = '["admin"]', "token_type" = 'personal' WHERE "kind" = 'admin';--> statement-breakpoint
-- Entries written before actors had kinds: all but the server's own parts were tokens'.
UPDATE "audit_log" SET "actor_kind" = 'token' WHERE "actor" NOT IN ('system', 'guard', 'release-plan', 'alertmanager', 'admin-token command');
