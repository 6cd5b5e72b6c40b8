ALTER TABLE `employers` ADD `station_id` integer REFERENCES stations(id);--> statement-breakpoint
ALTER TABLE `jobs` ADD `station_id` integer REFERENCES stations(id);--> statement-breakpoint
CREATE INDEX `jobs_station_idx` ON `jobs` (`station_id`);