CREATE TABLE `change_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`environment_key` text NOT NULL,
	`flag_key` text NOT NULL,
	`status` text NOT NULL,
	`change` text NOT NULL,
	`base_version` integer NOT NULL,
	`author` text NOT NULL,
	`reviewer` text,
	`reason` text,
	`created_at` integer NOT NULL,
	`decided_at` integer
);
--> statement-breakpoint
CREATE INDEX `change_requests_env` ON `change_requests` (`environment_key`,`status`,`id`);--> statement-breakpoint
CREATE TABLE `members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text,
	`admin` integer DEFAULT false NOT NULL,
	`roles` text DEFAULT '{}' NOT NULL,
	`managed_by_sso` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`last_sign_in_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `members_email_unique` ON `members` (`email`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`digest` text NOT NULL,
	`principal_kind` text NOT NULL,
	`principal_id` integer NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_digest_unique` ON `sessions` (`digest`);--> statement-breakpoint
CREATE INDEX `sessions_principal` ON `sessions` (`principal_kind`,`principal_id`);--> statement-breakpoint
ALTER TABLE `environments` ADD `require_approval` integer DEFAULT false NOT NULL;