ALTER TABLE `tokens` ADD `expires_at` integer;--> statement-breakpoint
ALTER TABLE `tokens` ADD `last_used_at` integer;--> statement-breakpoint
ALTER TABLE `tokens` ADD `previous_hash` text;--> statement-breakpoint
ALTER TABLE `tokens` ADD `previous_valid_until` integer;--> statement-breakpoint
ALTER TABLE `tokens` ADD `rotated_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_previous_hash_unique` ON `tokens` (`previous_hash`);