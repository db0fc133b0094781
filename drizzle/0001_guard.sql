CREATE TABLE `event_batches` (
	`environment_id` integer NOT NULL,
	`batch_id` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`environment_id`, `batch_id`),
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `event_batches_received` ON `event_batches` (`received_at`);--> statement-breakpoint
CREATE TABLE `event_minutes` (
	`environment_id` integer NOT NULL,
	`flag_id` integer NOT NULL,
	`metric` text NOT NULL,
	`variation` integer NOT NULL,
	`minute` integer NOT NULL,
	`count` integer NOT NULL,
	`sum` real NOT NULL,
	`sum_squares` real NOT NULL,
	PRIMARY KEY(`environment_id`, `flag_id`, `metric`, `variation`, `minute`),
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`flag_id`) REFERENCES `flags`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `guard_minutes` (
	`guard_id` integer NOT NULL,
	`minute` integer NOT NULL,
	`variation` integer NOT NULL,
	`exposures` integer NOT NULL,
	`count` integer NOT NULL,
	`sum` real NOT NULL,
	`sum_squares` real NOT NULL,
	PRIMARY KEY(`guard_id`, `minute`, `variation`),
	FOREIGN KEY (`guard_id`) REFERENCES `guards`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `guards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`environment_id` integer NOT NULL,
	`flag_id` integer NOT NULL,
	`position` integer NOT NULL,
	`metric` text NOT NULL,
	`kind` text NOT NULL,
	`worse_when` text NOT NULL,
	`threshold` real NOT NULL,
	`min_samples` integer NOT NULL,
	`control` integer NOT NULL,
	`action` text NOT NULL,
	`alpha` real NOT NULL,
	`since` integer NOT NULL,
	`tripped_at` integer,
	`notified_at` integer,
	FOREIGN KEY (`environment_id`) REFERENCES `environments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`flag_id`) REFERENCES `flags`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `guards_env_flag` ON `guards` (`environment_id`,`flag_id`,`position`);