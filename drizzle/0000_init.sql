CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`environment_id` integer,
	`digest` text NOT NULL,
	`hint` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_digest_unique` ON `api_keys` (`digest`);--> statement-breakpoint
CREATE INDEX `api_keys_env` ON `api_keys` (`environment_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target_kind` text NOT NULL,
	`target_key` text NOT NULL,
	`environment_key` text,
	`before` text,
	`after` text
);
--> statement-breakpoint
CREATE INDEX `audit_target` ON `audit_log` (`target_kind`,`target_key`,`id`);--> statement-breakpoint
CREATE INDEX `audit_env` ON `audit_log` (`environment_key`,`id`);--> statement-breakpoint
CREATE TABLE `change_log` (
	`environment_id` integer NOT NULL,
	`version` integer NOT NULL,
	`server_frames` text NOT NULL,
	`client_frames` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`environment_id`, `version`),
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `environments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `environments_key_unique` ON `environments` (`key`);--> statement-breakpoint
CREATE TABLE `flag_configs` (
	`flag_id` integer NOT NULL,
	`environment_id` integer NOT NULL,
	`version` integer NOT NULL,
	`config` text NOT NULL,
	PRIMARY KEY(`environment_id`, `flag_id`),
	FOREIGN KEY (`flag_id`) REFERENCES `flags`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`variations` text NOT NULL,
	`client_side` integer DEFAULT false NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `flags_key_unique` ON `flags` (`key`);--> statement-breakpoint
CREATE TABLE `segments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`environment_id` integer NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`deleted_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `segments_env_key` ON `segments` (`environment_id`,`key`);