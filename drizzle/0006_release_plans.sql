CREATE TABLE `release_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`environment_id` integer NOT NULL,
	`flag_id` integer NOT NULL,
	`settings` text NOT NULL,
	`control` integer NOT NULL,
	`status` text NOT NULL,
	`step` integer NOT NULL,
	`step_started_at` integer NOT NULL,
	`approved_step` integer,
	`warned` text DEFAULT '[]' NOT NULL,
	`reason` text,
	`started_by` text NOT NULL,
	`started_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`flag_id`) REFERENCES `flags`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `release_plans_env_flag` ON `release_plans` (`environment_id`,`flag_id`,`id`);--> statement-breakpoint
CREATE TABLE `release_step_exposures` (
	`plan_id` integer NOT NULL,
	`step` integer NOT NULL,
	`variation` integer NOT NULL,
	`exposures` integer NOT NULL,
	PRIMARY KEY(`plan_id`, `step`, `variation`),
	FOREIGN KEY (`plan_id`) REFERENCES `release_plans`(`id`) ON UPDATE no action ON DELETE cascade
);
