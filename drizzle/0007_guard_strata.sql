-- Guard figures gain a stratum (the split of traffic they were gathered under); what was
-- gathered before is stratum 0.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_guard_sources` (
	`guard_id` integer NOT NULL,
	`source` text NOT NULL,
	`stratum` integer DEFAULT 0 NOT NULL,
	`variation` integer NOT NULL,
	`exposures` integer NOT NULL,
	`count` integer NOT NULL,
	`sum` real NOT NULL,
	`sum_squares` real NOT NULL,
	PRIMARY KEY(`guard_id`, `source`, `stratum`, `variation`),
	FOREIGN KEY (`guard_id`) REFERENCES `guards`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_guard_sources`("guard_id", "source", "stratum", "variation", "exposures", "count", "sum", "sum_squares") SELECT "guard_id", "source", 0, "variation", "exposures", "count", "sum", "sum_squares" FROM `guard_sources`;--> statement-breakpoint
DROP TABLE `guard_sources`;--> statement-breakpoint
ALTER TABLE `__new_guard_sources` RENAME TO `guard_sources`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `guard_sources_exposures` ON `guard_sources` (`guard_id`,`exposures`);--> statement-breakpoint
CREATE INDEX `guard_sources_count` ON `guard_sources` (`guard_id`,`count`);--> statement-breakpoint
CREATE INDEX `guard_sources_sum_squares` ON `guard_sources` (`guard_id`,`sum_squares`);--> statement-breakpoint
CREATE TABLE `__new_guard_totals` (
	`guard_id` integer NOT NULL,
	`stratum` integer DEFAULT 0 NOT NULL,
	`variation` integer NOT NULL,
	`exposures` integer NOT NULL,
	`count` integer NOT NULL,
	`sum` real NOT NULL,
	`sum_squares` real NOT NULL,
	PRIMARY KEY(`guard_id`, `stratum`, `variation`),
	FOREIGN KEY (`guard_id`) REFERENCES `guards`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_guard_totals`("guard_id", "stratum", "variation", "exposures", "count", "sum", "sum_squares") SELECT "guard_id", 0, "variation", "exposures", "count", "sum", "sum_squares" FROM `guard_totals`;--> statement-breakpoint
DROP TABLE `guard_totals`;--> statement-breakpoint
ALTER TABLE `__new_guard_totals` RENAME TO `guard_totals`;--> statement-breakpoint
ALTER TABLE `guards` ADD `stratum` integer DEFAULT 0 NOT NULL;