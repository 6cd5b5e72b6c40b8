CREATE TABLE `visits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`laborer_id` integer NOT NULL,
	`village_code` text NOT NULL,
	`township_code` text NOT NULL,
	`county_code` text NOT NULL,
	`visit_date` text NOT NULL,
	`visitor` text NOT NULL,
	`method` text NOT NULL,
	`outcome` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`next_visit_due` text,
	`client_id` text,
	`token_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`laborer_id`) REFERENCES `laborers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `visits_laborer_idx` ON `visits` (`laborer_id`,`visit_date`);--> statement-breakpoint
CREATE INDEX `visits_village_idx` ON `visits` (`village_code`,`visit_date`);--> statement-breakpoint
CREATE UNIQUE INDEX `visits_client_idx` ON `visits` (`client_id`) WHERE client_id IS NOT NULL;