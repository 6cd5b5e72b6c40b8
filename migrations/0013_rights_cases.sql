CREATE TABLE `rights_case_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`note` text NOT NULL,
	`status` text,
	`recovered_delta` integer DEFAULT 0 NOT NULL,
	`day` text NOT NULL,
	`token_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `rights_cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rights_case_notes_case_idx` ON `rights_case_notes` (`case_id`);--> statement-breakpoint
CREATE INDEX `rights_case_notes_day_idx` ON `rights_case_notes` (`day`);--> statement-breakpoint
CREATE TABLE `rights_cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`laborer_id` integer NOT NULL,
	`county_code` text NOT NULL,
	`township_code` text NOT NULL,
	`station_id` integer,
	`type` text NOT NULL,
	`status` text DEFAULT 'accepted' NOT NULL,
	`employer_name` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`amount_claimed` integer DEFAULT 0 NOT NULL,
	`amount_recovered` integer DEFAULT 0 NOT NULL,
	`opened_date` text NOT NULL,
	`resolved_date` text,
	`opened_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`laborer_id`) REFERENCES `laborers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`station_id`) REFERENCES `stations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rights_cases_county_idx` ON `rights_cases` (`county_code`,`opened_date`);--> statement-breakpoint
CREATE INDEX `rights_cases_station_idx` ON `rights_cases` (`station_id`);--> statement-breakpoint
CREATE INDEX `rights_cases_laborer_idx` ON `rights_cases` (`laborer_id`);