CREATE TABLE `laborer_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`laborer_id` integer NOT NULL,
	`field` text NOT NULL,
	`old_value` text,
	`new_value` text,
	`token_id` integer,
	`actor` text DEFAULT '' NOT NULL,
	`via` text DEFAULT 'edit' NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`laborer_id`) REFERENCES `laborers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `laborer_changes_laborer_idx` ON `laborer_changes` (`laborer_id`,`id`);--> statement-breakpoint
CREATE TABLE `poverty_proposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`laborer_id` integer NOT NULL,
	`village_code` text NOT NULL,
	`township_code` text NOT NULL,
	`county_code` text NOT NULL,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`proposed_by` integer,
	`decided_by` integer,
	`decision_note` text DEFAULT '' NOT NULL,
	`client_id` text,
	`created_at` integer NOT NULL,
	`decided_at` integer,
	FOREIGN KEY (`laborer_id`) REFERENCES `laborers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `poverty_proposals_township_idx` ON `poverty_proposals` (`township_code`,`status`);--> statement-breakpoint
CREATE INDEX `poverty_proposals_laborer_idx` ON `poverty_proposals` (`laborer_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `poverty_proposals_client_idx` ON `poverty_proposals` (`client_id`) WHERE client_id IS NOT NULL;