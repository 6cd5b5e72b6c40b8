CREATE TABLE `subsidy_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`scope_code` text NOT NULL,
	`rule_id` text NOT NULL,
	`year` integer NOT NULL,
	`as_of` text NOT NULL,
	`status` text NOT NULL,
	`people` integer NOT NULL,
	`total` integer NOT NULL,
	`lines` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`token_id` integer,
	`created_at` integer NOT NULL,
	`paid_at` integer,
	`cancelled_at` integer,
	`cancel_reason` text
);
--> statement-breakpoint
CREATE INDEX `subsidy_batches_scope_idx` ON `subsidy_batches` (`scope_code`);--> statement-breakpoint
ALTER TABLE `subsidy_grants` ADD `batch_id` integer;--> statement-breakpoint
CREATE INDEX `subsidy_grants_batch_idx` ON `subsidy_grants` (`batch_id`);--> statement-breakpoint
ALTER TABLE `transport_groups` ADD `vehicle_plate` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `transport_groups` ADD `driver_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `transport_groups` ADD `driver_phone` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `transport_groups` ADD `train_number` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `transport_groups` ADD `carriage` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `transport_groups` ADD `escort_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `transport_groups` ADD `escort_phone` text DEFAULT '' NOT NULL;