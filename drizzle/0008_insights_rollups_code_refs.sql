-- Insights: hourly and daily roll-ups of the per-minute event figures (kept longer than the
-- minutes), how far they reach, and the code references uploaded per repository.
CREATE TABLE `code_ref_uploads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`repository` text NOT NULL,
	`commit` text NOT NULL,
	`uploaded_at` integer NOT NULL,
	`uploaded_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `code_ref_uploads_repository_unique` ON `code_ref_uploads` (`repository`);--> statement-breakpoint
CREATE TABLE `code_refs` (
	`upload_id` integer NOT NULL,
	`flag_key` text NOT NULL,
	`file` text NOT NULL,
	`line` integer NOT NULL,
	`column` integer DEFAULT 1 NOT NULL,
	`text` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`upload_id`) REFERENCES `code_ref_uploads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `code_refs_flag` ON `code_refs` (`flag_key`);--> statement-breakpoint
CREATE INDEX `code_refs_upload` ON `code_refs` (`upload_id`);--> statement-breakpoint
CREATE TABLE `event_days` (
	`environment_id` integer NOT NULL,
	`flag_id` integer NOT NULL,
	`metric` text NOT NULL,
	`variation` integer NOT NULL,
	`at` integer NOT NULL,
	`count` integer NOT NULL,
	`sum` real NOT NULL,
	`sum_squares` real NOT NULL,
	PRIMARY KEY(`environment_id`, `flag_id`, `metric`, `variation`, `at`),
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`flag_id`) REFERENCES `flags`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `event_days_at` ON `event_days` (`at`);--> statement-breakpoint
CREATE INDEX `event_days_env_metric_at` ON `event_days` (`environment_id`,`metric`,`at`,`flag_id`,`variation`,`count`);--> statement-breakpoint
CREATE TABLE `event_hours` (
	`environment_id` integer NOT NULL,
	`flag_id` integer NOT NULL,
	`metric` text NOT NULL,
	`variation` integer NOT NULL,
	`at` integer NOT NULL,
	`count` integer NOT NULL,
	`sum` real NOT NULL,
	`sum_squares` real NOT NULL,
	PRIMARY KEY(`environment_id`, `flag_id`, `metric`, `variation`, `at`),
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`flag_id`) REFERENCES `flags`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `event_hours_at` ON `event_hours` (`at`);--> statement-breakpoint
CREATE TABLE `event_rollup` (
	`id` integer PRIMARY KEY NOT NULL,
	`until` integer NOT NULL
);
