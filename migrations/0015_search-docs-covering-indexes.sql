CREATE TABLE `search_docs` (
	`job_id` integer PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`tags` text NOT NULL,
	`place` text NOT NULL,
	`body` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `laborers_welfare_pool_idx` ON `laborers` (`township_code`,`id`,`village_code`,`poverty_status`,`employment_status`,`birth_date`,`skills`);--> statement-breakpoint
CREATE INDEX `laborers_training_wish_idx` ON `laborers` (`village_code`,`township_code`,`county_code`,`training_wishes`) WHERE training_wishes <> '[]';