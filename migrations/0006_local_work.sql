CREATE TABLE `gig_signups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`gig_id` integer NOT NULL,
	`laborer_id` integer NOT NULL,
	`service_point_id` integer,
	`status` text DEFAULT 'signed' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`gig_id`) REFERENCES `gigs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`laborer_id`) REFERENCES `laborers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `gig_signups_gig_laborer_idx` ON `gig_signups` (`gig_id`,`laborer_id`);--> statement-breakpoint
CREATE INDEX `gig_signups_laborer_idx` ON `gig_signups` (`laborer_id`);--> statement-breakpoint
CREATE TABLE `gigs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`county_code` text NOT NULL,
	`township_code` text NOT NULL,
	`region_code` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`title` text NOT NULL,
	`occupation` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`work_date` text NOT NULL,
	`last_date` text NOT NULL,
	`unit` text NOT NULL,
	`pay` integer NOT NULL,
	`slots` integer NOT NULL,
	`confirmed` integer DEFAULT 0 NOT NULL,
	`contact` text DEFAULT '' NOT NULL,
	`poster_kind` text NOT NULL,
	`employer_id` integer,
	`token_id` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `gigs_board_idx` ON `gigs` (`county_code`,`last_date`,`work_date`);--> statement-breakpoint
CREATE INDEX `gigs_employer_idx` ON `gigs` (`employer_id`,`id`);--> statement-breakpoint
CREATE TABLE `welfare_posts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`county_code` text NOT NULL,
	`township_code` text NOT NULL,
	`region_code` text NOT NULL,
	`category` text NOT NULL,
	`title` text NOT NULL,
	`duties` text NOT NULL,
	`monthly_allowance` integer NOT NULL,
	`term_months` integer NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `welfare_posts_county_idx` ON `welfare_posts` (`county_code`,`id`);--> statement-breakpoint
CREATE INDEX `welfare_posts_township_idx` ON `welfare_posts` (`township_code`,`status`);--> statement-breakpoint
CREATE TABLE `welfare_post_terms` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`post_id` integer NOT NULL,
	`laborer_id` integer NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`ended_on` text,
	`end_reason` text,
	`renewal_of` integer,
	`token_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`post_id`) REFERENCES `welfare_posts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`laborer_id`) REFERENCES `laborers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `welfare_terms_open_post_idx` ON `welfare_post_terms` (`post_id`) WHERE ended_on is null;--> statement-breakpoint
CREATE UNIQUE INDEX `welfare_terms_open_laborer_idx` ON `welfare_post_terms` (`laborer_id`) WHERE ended_on is null;--> statement-breakpoint
CREATE INDEX `welfare_terms_post_idx` ON `welfare_post_terms` (`post_id`,`id`);--> statement-breakpoint
CREATE INDEX `welfare_terms_due_idx` ON `welfare_post_terms` (`end_date`) WHERE ended_on is null;--> statement-breakpoint
CREATE TABLE `workshops` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`county_code` text NOT NULL,
	`township_code` text NOT NULL,
	`region_code` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`operator` text NOT NULL,
	`employer_id` integer NOT NULL,
	`product` text NOT NULL,
	`capacity` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workshops_employer_idx` ON `workshops` (`employer_id`);--> statement-breakpoint
CREATE INDEX `workshops_county_idx` ON `workshops` (`county_code`,`id`);--> statement-breakpoint
ALTER TABLE `training_courses` ADD `place_code` text;--> statement-breakpoint
ALTER TABLE `training_courses` ADD `seats` integer;--> statement-breakpoint
ALTER TABLE `training_courses` ADD `mode` text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE `training_courses` ADD `employer_id` integer;--> statement-breakpoint
ALTER TABLE `training_courses` ADD `job_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
CREATE INDEX `training_courses_place_idx` ON `training_courses` (`place_code`,`start_date`);