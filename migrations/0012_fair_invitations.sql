CREATE TABLE `fair_invitations` (
	`fair_id` integer NOT NULL,
	`laborer_id` integer NOT NULL,
	`token_id` integer,
	`at` integer NOT NULL,
	PRIMARY KEY(`fair_id`, `laborer_id`),
	FOREIGN KEY (`fair_id`) REFERENCES `fairs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`laborer_id`) REFERENCES `laborers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `fair_invitations_laborer_idx` ON `fair_invitations` (`laborer_id`);