CREATE TABLE `host_usage` (
	`provider` text NOT NULL,
	`host` text NOT NULL,
	`day` text NOT NULL,
	`used` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`provider`, `host`, `day`)
);
--> statement-breakpoint
ALTER TABLE `meeting_cleanups` ADD `keep` text;--> statement-breakpoint
CREATE INDEX `meeting_cleanups_due` ON `meeting_cleanups` (`due_at`);--> statement-breakpoint
ALTER TABLE `tutors` ADD `zoom_hosts` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
CREATE INDEX `bookings_work` ON `bookings` (`start_at`) WHERE sync_due_at is not null;--> statement-breakpoint
CREATE INDEX `bookings_host_start` ON `bookings` (`meeting_host`,`start_at`);--> statement-breakpoint
CREATE INDEX `processed_events_received` ON `processed_events` (`received_at`);