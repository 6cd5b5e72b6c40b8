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
CREATE TABLE `dispatches` (
	`station_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`group_id` integer,
	`group_version` integer,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`acked_at` integer,
	PRIMARY KEY(`station_id`, `seq`),
	FOREIGN KEY (`station_id`) REFERENCES `stations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dispatches_id_idx` ON `dispatches` (`id`);--> statement-breakpoint
CREATE INDEX `dispatches_group_idx` ON `dispatches` (`group_id`,`group_version`);--> statement-breakpoint
CREATE TABLE `station_links` (
	`station_id` integer PRIMARY KEY NOT NULL,
	`connected_at` integer,
	`disconnected_at` integer,
	`last_ack_at` integer,
	`last_ack_seq` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`station_id`) REFERENCES `stations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
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
CREATE TABLE `fair_checkins` (
	`fair_id` integer NOT NULL,
	`laborer_id` integer NOT NULL,
	`at` integer NOT NULL,
	`token_id` integer,
	PRIMARY KEY(`fair_id`, `laborer_id`),
	FOREIGN KEY (`fair_id`) REFERENCES `fairs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`laborer_id`) REFERENCES `laborers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `fair_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`fair_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`fair_id`) REFERENCES `fairs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fair_events_seq_idx` ON `fair_events` (`fair_id`,`seq`);--> statement-breakpoint
CREATE INDEX `fair_events_type_idx` ON `fair_events` (`fair_id`,`type`);--> statement-breakpoint
CREATE TABLE `fair_jobs` (
	`fair_id` integer NOT NULL,
	`job_id` integer NOT NULL,
	PRIMARY KEY(`fair_id`, `job_id`),
	FOREIGN KEY (`fair_id`) REFERENCES `fairs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `fairs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`venue` text NOT NULL,
	`date` text NOT NULL,
	`region_code` text NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`organizer_token_id` integer,
	`board_hash` text NOT NULL,
	`rounds` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE `kiosk_interests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer NOT NULL,
	`service_point_id` integer NOT NULL,
	`region_code` text NOT NULL,
	`created_at` integer NOT NULL,
	`handled_at` integer,
	`handled_by` integer,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_point_id`) REFERENCES `service_points`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `kiosk_interests_region_idx` ON `kiosk_interests` (`region_code`,`handled_at`);--> statement-breakpoint
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
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`source` text NOT NULL,
	`fingerprint` text NOT NULL,
	`last_line` integer DEFAULT 0 NOT NULL,
	`inserted` integer DEFAULT 0 NOT NULL,
	`existing` integer DEFAULT 0 NOT NULL,
	`bad` integer DEFAULT 0 NOT NULL,
	`started_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `imports_kind_fingerprint_idx` ON `imports` (`kind`,`fingerprint`);--> statement-breakpoint
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
CREATE TABLE `matching_run_results` (
	`run_id` integer NOT NULL,
	`laborer_id` integer NOT NULL,
	`job_id` integer,
	`score` integer,
	`priority` integer NOT NULL,
	`reason` text,
	PRIMARY KEY(`run_id`, `laborer_id`),
	FOREIGN KEY (`run_id`) REFERENCES `matching_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `matching_run_results_job_idx` ON `matching_run_results` (`run_id`,`job_id`);--> statement-breakpoint
CREATE TABLE `matching_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mode` text NOT NULL,
	`status` text NOT NULL,
	`request` text NOT NULL,
	`score_version` integer NOT NULL,
	`area_prefix` text NOT NULL,
	`phase` text DEFAULT '' NOT NULL,
	`progress` real DEFAULT 0 NOT NULL,
	`report` text,
	`error` text,
	`token_id` integer,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	`committed_at` integer
);
--> statement-breakpoint
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
CREATE TABLE `scoring_configs` (
	`version` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`settings` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`token_id` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE `incubation_bases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`county_code` text NOT NULL,
	`opened_on` text NOT NULL,
	`operating` integer NOT NULL,
	`entities` integer NOT NULL,
	`poverty_employed` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `individual_businesses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`laborer_id` integer NOT NULL,
	`registered_on` text NOT NULL,
	`qualifies` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`laborer_id`) REFERENCES `laborers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `individual_businesses_laborer_idx` ON `individual_businesses` (`laborer_id`);--> statement-breakpoint
CREATE TABLE `intermediaries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`region_code` text NOT NULL,
	`qualified` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `key_counties` (
	`county_code` text PRIMARY KEY NOT NULL,
	`designation` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `loans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`borrower_kind` text NOT NULL,
	`borrower_id` integer NOT NULL,
	`kind` text NOT NULL,
	`principal` integer NOT NULL,
	`rate_basis_points` integer NOT NULL,
	`term_months` integer NOT NULL,
	`issued_on` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `loans_borrower_idx` ON `loans` (`borrower_kind`,`borrower_id`);--> statement-breakpoint
CREATE TABLE `subsidy_grants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`rule_id` text NOT NULL,
	`version` text NOT NULL,
	`beneficiary_kind` text NOT NULL,
	`beneficiary_id` integer NOT NULL,
	`amount` integer NOT NULL,
	`facts` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`token_id` integer,
	`granted_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subsidy_grants_key_idx` ON `subsidy_grants` (`key`);--> statement-breakpoint
CREATE INDEX `subsidy_grants_beneficiary_idx` ON `subsidy_grants` (`beneficiary_kind`,`beneficiary_id`);--> statement-breakpoint
CREATE TABLE `training_courses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_id` integer NOT NULL,
	`evaluator_id` integer,
	`occupation` text NOT NULL,
	`days` integer NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`skills_program` integer NOT NULL,
	`centralized` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `training_providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`evaluator_id`) REFERENCES `training_providers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `training_courses_provider_idx` ON `training_courses` (`provider_id`);--> statement-breakpoint
CREATE INDEX `training_courses_evaluator_idx` ON `training_courses` (`evaluator_id`);--> statement-breakpoint
CREATE TABLE `training_enrollments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_id` integer NOT NULL,
	`laborer_id` integer NOT NULL,
	`relocated` integer DEFAULT false NOT NULL,
	`completed` integer DEFAULT false NOT NULL,
	`attended_days` integer DEFAULT 0 NOT NULL,
	`certificate_tier` integer,
	`employed_after` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`course_id`) REFERENCES `training_courses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`laborer_id`) REFERENCES `laborers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `training_enrollments_course_laborer_idx` ON `training_enrollments` (`course_id`,`laborer_id`);--> statement-breakpoint
CREATE INDEX `training_enrollments_laborer_idx` ON `training_enrollments` (`laborer_id`);--> statement-breakpoint
CREATE TABLE `training_providers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`region_code` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `regions` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`level` text NOT NULL,
	`parent_code` text
);
--> statement-breakpoint
CREATE INDEX `regions_parent_idx` ON `regions` (`parent_code`);--> statement-breakpoint
CREATE TABLE `employment_daily` (
	`day` integer NOT NULL,
	`county_code` text NOT NULL,
	`poverty_status` text NOT NULL,
	`status` text NOT NULL,
	`delta` integer NOT NULL,
	PRIMARY KEY(`day`, `county_code`, `poverty_status`, `status`)
);
--> statement-breakpoint
CREATE INDEX `employment_daily_group_idx` ON `employment_daily` (`county_code`,`poverty_status`,`status`,`day`,`delta`);--> statement-breakpoint
CREATE TABLE `employment_intervals` (
	`event_id` integer PRIMARY KEY NOT NULL,
	`laborer_id` integer NOT NULL,
	`county_code` text NOT NULL,
	`poverty_status` text NOT NULL,
	`status` text NOT NULL,
	`valid_from` integer NOT NULL,
	`valid_until` integer
);
--> statement-breakpoint
CREATE INDEX `employment_intervals_laborer_idx` ON `employment_intervals` (`laborer_id`);--> statement-breakpoint
CREATE TABLE `report_targets` (
	`year` integer NOT NULL,
	`region_code` text NOT NULL,
	`category` text NOT NULL,
	`group` text NOT NULL,
	`target` integer NOT NULL,
	PRIMARY KEY(`year`, `region_code`, `category`, `group`)
);
--> statement-breakpoint
CREATE TABLE `report_watermarks` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `search_lexicon` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`word` text NOT NULL,
	`full` text NOT NULL,
	`initials` text NOT NULL,
	`df` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_lexicon_word_unique` ON `search_lexicon` (`word`);--> statement-breakpoint
CREATE TABLE `search_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `search_outbox` (
	`job_id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`queued_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `transport_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`station_id` integer NOT NULL,
	`vehicle_kind` text NOT NULL,
	`capacity` integer NOT NULL,
	`departure_date` text NOT NULL,
	`departure_at` integer NOT NULL,
	`arrival_date` text NOT NULL,
	`stops` text NOT NULL,
	`status` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`confirmed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `transport_plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`station_id`) REFERENCES `stations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `transport_groups_plan_idx` ON `transport_groups` (`plan_id`);--> statement-breakpoint
CREATE INDEX `transport_groups_station_idx` ON `transport_groups` (`station_id`,`status`);--> statement-breakpoint
CREATE TABLE `transport_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`scope_code` text NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`lower_bound` integer NOT NULL,
	`unassigned` text DEFAULT '[]' NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `transport_seats` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` integer NOT NULL,
	`placement_id` integer NOT NULL,
	`laborer_id` integer NOT NULL,
	`county_code` text NOT NULL,
	`village_code` text NOT NULL,
	`arrived_at` integer,
	FOREIGN KEY (`group_id`) REFERENCES `transport_groups`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`placement_id`) REFERENCES `placements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`laborer_id`) REFERENCES `laborers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transport_seats_placement_idx` ON `transport_seats` (`placement_id`);--> statement-breakpoint
CREATE INDEX `transport_seats_group_idx` ON `transport_seats` (`group_id`);