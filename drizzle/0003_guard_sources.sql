CREATE TABLE `guard_sources` (
	`guard_id` integer NOT NULL,
	`source` text NOT NULL,
	`variation` integer NOT NULL,
	`exposures` integer NOT NULL,
	`count` integer NOT NULL,
	`sum` real NOT NULL,
	`sum_squares` real NOT NULL,
	PRIMARY KEY(`guard_id`, `source`, `variation`),
	FOREIGN KEY (`guard_id`) REFERENCES `guards`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `guard_sources_exposures` ON `guard_sources` (`guard_id`,`exposures`);--> statement-breakpoint
CREATE INDEX `guard_sources_count` ON `guard_sources` (`guard_id`,`count`);--> statement-breakpoint
CREATE INDEX `guard_sources_sum_squares` ON `guard_sources` (`guard_id`,`sum_squares`);