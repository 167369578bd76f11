CREATE TABLE `links` (
	`id` text PRIMARY KEY NOT NULL,
	`id_hash` text NOT NULL,
	`role` text NOT NULL,
	`scope` text NOT NULL,
	`subject` text NOT NULL,
	`expires_at` integer,
	`revoked_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `links_id_hash_unique` ON `links` (`id_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `links_current` ON `links` (`scope`,`role`,`subject`) WHERE revoked_at is null;--> statement-breakpoint
CREATE INDEX `links_subject` ON `links` (`subject`);--> statement-breakpoint
ALTER TABLE `tutors` ADD `allowed_origins` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
CREATE INDEX `bookings_start` ON `bookings` (`start_at`,`id`);--> statement-breakpoint
CREATE INDEX `bookings_tutor_start` ON `bookings` (`tutor_id`,`start_at`,`id`);--> statement-breakpoint
CREATE INDEX `bookings_student_start` ON `bookings` (`student_email`,`start_at`,`id`);--> statement-breakpoint
CREATE INDEX `bookings_parent_start` ON `bookings` (`parent_email`,`start_at`,`id`);