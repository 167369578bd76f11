CREATE TABLE `data_deletions` (
	`id` text PRIMARY KEY NOT NULL,
	`tutor_id` text NOT NULL,
	`host` text NOT NULL,
	`reason` text NOT NULL,
	`requested_at` integer NOT NULL,
	`due_by` integer NOT NULL,
	`done_at` integer,
	`deleted` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`lease_until` integer
);
--> statement-breakpoint
CREATE TABLE `recording_shares` (
	`booking_id` text PRIMARY KEY NOT NULL,
	`shared_by` text NOT NULL,
	`shared_at` integer NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `transcripts` (
	`recording_file_id` text PRIMARY KEY NOT NULL,
	`booking_id` text NOT NULL,
	`source` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `transcripts_booking` ON `transcripts` (`booking_id`);--> statement-breakpoint
ALTER TABLE `lesson_notes` ADD `finalized_at` integer;--> statement-breakpoint
ALTER TABLE `recording_files` ADD `archive_state` text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE `recording_files` ADD `archive_key` text;--> statement-breakpoint
ALTER TABLE `recording_files` ADD `archived_size` integer;--> statement-breakpoint
ALTER TABLE `recording_files` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `recording_files` ADD `archive_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `recording_files` ADD `archive_error` text;--> statement-breakpoint
ALTER TABLE `recording_files` ADD `archive_due_at` integer DEFAULT 0;--> statement-breakpoint
ALTER TABLE `recording_files` ADD `archive_lease_until` integer;--> statement-breakpoint
CREATE INDEX `recording_files_archive` ON `recording_files` (`archive_due_at`);--> statement-breakpoint
ALTER TABLE `transcription_jobs` ADD `attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `transcription_jobs` ADD `last_error` text;--> statement-breakpoint
ALTER TABLE `transcription_jobs` ADD `due_at` integer DEFAULT 0;--> statement-breakpoint
ALTER TABLE `transcription_jobs` ADD `lease_until` integer;--> statement-breakpoint
CREATE INDEX `transcription_jobs_due` ON `transcription_jobs` (`due_at`);--> statement-breakpoint
ALTER TABLE `tutors` ADD `attendance_grace_minutes` integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE `tutors` ADD `recording_retention_days` integer DEFAULT 90 NOT NULL;