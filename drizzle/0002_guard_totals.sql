CREATE TABLE `guard_totals` (
	`guard_id` integer NOT NULL,
	`variation` integer NOT NULL,
	`exposures` integer NOT NULL,
	`count` integer NOT NULL,
	`sum` real NOT NULL,
	`sum_squares` real NOT NULL,
	PRIMARY KEY(`guard_id`, `variation`),
	FOREIGN KEY (`guard_id`) REFERENCES `guards`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_minutes_minute` ON `event_minutes` (`minute`);