-- The log kept SSE frames; it now keeps events and the stream frames them. Old entries hold
-- no events, so they go: an SDK resuming from before this gets a whole `put`, as after a gap.
DELETE FROM `change_log`;--> statement-breakpoint
ALTER TABLE `change_log` DROP COLUMN `server_frames`;--> statement-breakpoint
ALTER TABLE `change_log` DROP COLUMN `client_frames`;
