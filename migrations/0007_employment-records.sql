CREATE TABLE `employment_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`laborer_id` integer NOT NULL,
	`village_code` text NOT NULL,
	`township_code` text NOT NULL,
	`county_code` text NOT NULL,
	`employer_id` integer,
	`employer_name` text DEFAULT '' NOT NULL,
	`place_code` text,
	`partner_area` text,
	`form` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`end_reason` text,
	`end_note` text DEFAULT '' NOT NULL,
	`monthly_income` integer,
	`source` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`placement_id` integer,
	`client_id` text,
	`end_client_id` text,
	`recorded_by` integer,
	`ended_by` integer,
	`verified_by` integer,
	`verified_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`laborer_id`) REFERENCES `laborers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`placement_id`) REFERENCES `placements`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `employment_records_laborer_idx` ON `employment_records` (`laborer_id`,`end_date`);--> statement-breakpoint
CREATE INDEX `employment_records_township_idx` ON `employment_records` (`township_code`,`verified_at`);--> statement-breakpoint
CREATE INDEX `employment_records_start_idx` ON `employment_records` (`start_date`,`county_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `employment_records_placement_idx` ON `employment_records` (`placement_id`) WHERE placement_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `employment_records_client_idx` ON `employment_records` (`client_id`) WHERE client_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `employment_records_end_client_idx` ON `employment_records` (`end_client_id`) WHERE end_client_id IS NOT NULL;
--> statement-breakpoint
INSERT INTO `employment_records` (`laborer_id`, `village_code`, `township_code`, `county_code`, `employer_id`, `employer_name`, `place_code`, `partner_area`, `form`, `start_date`, `end_date`, `end_reason`, `source`, `placement_id`, `verified_at`, `created_at`, `updated_at`)
SELECT p.`laborer_id`, l.`village_code`, l.`township_code`, l.`county_code`, p.`employer_id`, e.`name`, coalesce(j.`county_code`, j.`city_code`, j.`province_code`), j.`partner_area`,
  CASE WHEN j.`type` = 'public_welfare' THEN 'public_welfare_post' WHEN p.`travel` = 'cross_province' THEN 'cross_province' WHEN p.`travel` = 'in_province' THEN 'in_province'
    WHEN j.`type` = 'assistance_workshop' THEN 'workshop' WHEN j.`type` = 'platform_gig' THEN 'flexible' ELSE 'local' END,
  p.`start_date`, p.`end_date`, CASE WHEN p.`end_date` IS NULL THEN NULL ELSE 'other' END, 'placement', p.`id`, p.`created_at`, p.`created_at`, p.`updated_at`
FROM `placements` p JOIN `laborers` l ON l.`id` = p.`laborer_id` JOIN `jobs` j ON j.`id` = p.`job_id` JOIN `employers` e ON e.`id` = p.`employer_id`;
--> statement-breakpoint
INSERT INTO `employment_records` (`laborer_id`, `village_code`, `township_code`, `county_code`, `place_code`, `form`, `start_date`, `source`, `verified_at`, `created_at`, `updated_at`)
SELECT l.`id`, l.`village_code`, l.`township_code`, l.`county_code`, NULL, l.`employment_status`,
  coalesce((SELECT max(ev.`effective_date`) FROM `employment_events` ev WHERE ev.`laborer_id` = l.`id`), date(l.`updated_at` / 1000, 'unixepoch', '+8 hours')),
  'registry', l.`updated_at`, l.`updated_at`, l.`updated_at`
FROM `laborers` l
WHERE l.`employment_status` <> 'unemployed'
  AND NOT EXISTS (SELECT 1 FROM `employment_records` r WHERE r.`laborer_id` = l.`id` AND r.`end_date` IS NULL);
