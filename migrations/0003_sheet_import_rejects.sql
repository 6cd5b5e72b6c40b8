CREATE TABLE `import_rejects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`import_id` integer NOT NULL,
	`row` integer NOT NULL,
	`reason` text NOT NULL,
	`cells_cipher` text NOT NULL,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_rejects_import_idx` ON `import_rejects` (`import_id`,`row`);--> statement-breakpoint
ALTER TABLE `imports` ADD `area` text;--> statement-breakpoint
ALTER TABLE `imports` ADD `header` text;