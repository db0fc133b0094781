ALTER TABLE `audit_log` ADD `comment` text;--> statement-breakpoint
ALTER TABLE `change_log` ADD `events` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `environments` ADD `critical` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Production is treated as production from the start.
UPDATE `environments` SET `critical` = 1 WHERE `key` = 'production';
