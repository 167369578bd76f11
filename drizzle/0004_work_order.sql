ALTER TABLE `meeting_cleanups` ADD `keep` text;--> statement-breakpoint
CREATE INDEX `meeting_cleanups_due` ON `meeting_cleanups` (`due_at`);--> statement-breakpoint
CREATE INDEX `bookings_work` ON `bookings` (`start_at`) WHERE sync_due_at is not null;--> statement-breakpoint
CREATE INDEX `bookings_host_start` ON `bookings` (`meeting_host`,`start_at`);--> statement-breakpoint
CREATE INDEX `processed_events_received` ON `processed_events` (`received_at`);