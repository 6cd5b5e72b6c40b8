CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`token_id` integer,
	`role` text NOT NULL,
	`action` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`reason` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_subject_idx` ON `audit_log` (`subject_type`,`subject_id`);--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hash` text NOT NULL,
	`role` text NOT NULL,
	`scope` text,
	`label` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_hash_unique` ON `tokens` (`hash`);--> statement-breakpoint
CREATE INDEX `tokens_role_scope_idx` ON `tokens` (`role`,`scope`);--> statement-breakpoint
CREATE TABLE `employers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`credit_code` text NOT NULL,
	`size_class` text NOT NULL,
	`region_code` text NOT NULL,
	`contact_name` text DEFAULT '' NOT NULL,
	`contact_phone` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `employers_credit_code_unique` ON `employers` (`credit_code`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employer_id` integer NOT NULL,
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`province_code` text NOT NULL,
	`city_code` text,
	`county_code` text,
	`partner_area` text NOT NULL,
	`occupation` text NOT NULL,
	`skill_tags` text DEFAULT '[]' NOT NULL,
	`certificates_required` text DEFAULT '[]' NOT NULL,
	`openings` integer NOT NULL,
	`openings_left` integer NOT NULL,
	`wage_min` integer NOT NULL,
	`wage_max` integer NOT NULL,
	`wage_unit` text NOT NULL,
	`benefits` text DEFAULT '[]' NOT NULL,
	`contract_months` integer NOT NULL,
	`start_date` text NOT NULL,
	`deadline` text NOT NULL,
	`type` text NOT NULL,
	`public_welfare_category` text,
	`temporary_unit` text,
	`gig_kind` text,
	`labor_brand` text,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_source_external_idx` ON `jobs` (`source`,`external_id`);--> statement-breakpoint
CREATE INDEX `jobs_employer_idx` ON `jobs` (`employer_id`);--> statement-breakpoint
CREATE INDEX `jobs_status_idx` ON `jobs` (`status`,`partner_area`);--> statement-breakpoint
CREATE TABLE `employment_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`laborer_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`effective_date` text NOT NULL,
	`county_code` text NOT NULL,
	`poverty_status` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`token_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`laborer_id`) REFERENCES `laborers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `employment_events_laborer_idx` ON `employment_events` (`laborer_id`,`id`);--> statement-breakpoint
CREATE INDEX `employment_events_date_idx` ON `employment_events` (`effective_date`,`county_code`);--> statement-breakpoint
CREATE TABLE `laborers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`id_hash` text NOT NULL,
	`id_cipher` text NOT NULL,
	`id_masked` text NOT NULL,
	`phone_hash` text NOT NULL,
	`phone_cipher` text NOT NULL,
	`phone_masked` text NOT NULL,
	`gender` text NOT NULL,
	`birth_date` text NOT NULL,
	`village_code` text NOT NULL,
	`township_code` text NOT NULL,
	`county_code` text NOT NULL,
	`poverty_status` text NOT NULL,
	`skills` text DEFAULT '[]' NOT NULL,
	`certificates` text DEFAULT '[]' NOT NULL,
	`training_wishes` text DEFAULT '[]' NOT NULL,
	`destination_wishes` text DEFAULT '[]' NOT NULL,
	`expected_wage` integer,
	`available_from` text,
	`employment_status` text DEFAULT 'unemployed' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `laborers_id_hash_unique` ON `laborers` (`id_hash`);--> statement-breakpoint
CREATE INDEX `laborers_county_idx` ON `laborers` (`county_code`,`id`);--> statement-breakpoint
CREATE INDEX `laborers_township_idx` ON `laborers` (`township_code`,`id`);--> statement-breakpoint
CREATE INDEX `laborers_village_idx` ON `laborers` (`village_code`,`id`);--> statement-breakpoint
CREATE INDEX `laborers_phone_idx` ON `laborers` (`phone_hash`);--> statement-breakpoint
CREATE TABLE `matches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`laborer_id` integer NOT NULL,
	`job_id` integer NOT NULL,
	`status` text NOT NULL,
	`score` integer NOT NULL,
	`score_version` integer NOT NULL,
	`origin` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`laborer_id`) REFERENCES `laborers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `matches_laborer_idx` ON `matches` (`laborer_id`,`status`);--> statement-breakpoint
CREATE INDEX `matches_job_idx` ON `matches` (`job_id`,`status`);--> statement-breakpoint
CREATE TABLE `placements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`match_id` integer NOT NULL,
	`laborer_id` integer NOT NULL,
	`job_id` integer NOT NULL,
	`employer_id` integer NOT NULL,
	`home_county_code` text NOT NULL,
	`start_date` text NOT NULL,
	`contract_months` integer NOT NULL,
	`organized` integer NOT NULL,
	`intermediary_id` integer,
	`travel` text NOT NULL,
	`transport_status` text NOT NULL,
	`destination_station_id` integer,
	`end_date` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`match_id`) REFERENCES `matches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`laborer_id`) REFERENCES `laborers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employer_id`) REFERENCES `employers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`destination_station_id`) REFERENCES `stations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `placements_match_idx` ON `placements` (`match_id`);--> statement-breakpoint
CREATE INDEX `placements_laborer_idx` ON `placements` (`laborer_id`);--> statement-breakpoint
CREATE INDEX `placements_transport_idx` ON `placements` (`transport_status`,`destination_station_id`);--> statement-breakpoint
CREATE INDEX `placements_employer_idx` ON `placements` (`employer_id`);--> statement-breakpoint
CREATE TABLE `service_points` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`level` text NOT NULL,
	`region_code` text NOT NULL,
	`name` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`contact_name` text DEFAULT '' NOT NULL,
	`contact_phone` text DEFAULT '' NOT NULL,
	`staff` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `service_points_region_idx` ON `service_points` (`region_code`,`level`);--> statement-breakpoint
CREATE TABLE `stations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`province_code` text NOT NULL,
	`city_code` text NOT NULL,
	`partner_area` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`contact_name` text DEFAULT '' NOT NULL,
	`contact_phone` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `stations_city_idx` ON `stations` (`city_code`);--> statement-breakpoint
CREATE TABLE `regions` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`level` text NOT NULL,
	`parent_code` text
);
--> statement-breakpoint
CREATE INDEX `regions_parent_idx` ON `regions` (`parent_code`);