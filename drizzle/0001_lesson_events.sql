CREATE TABLE `attendance_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`booking_id` text NOT NULL,
	`meeting_uuid` text NOT NULL,
	`participant_key` text NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`role` text NOT NULL,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attendance_events_once` ON `attendance_events` (`booking_id`,`meeting_uuid`,`participant_key`,`kind`,`at`);--> statement-breakpoint
CREATE TABLE `lesson_notes` (
	`booking_id` text PRIMARY KEY NOT NULL,
	`body` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `recording_files` (
	`id` text PRIMARY KEY NOT NULL,
	`booking_id` text NOT NULL,
	`meeting_uuid` text NOT NULL,
	`file_type` text NOT NULL,
	`file_extension` text,
	`file_size` integer,
	`recording_type` text,
	`recording_start` integer,
	`recording_end` integer,
	`play_url` text,
	`download_url` text,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `recording_files_booking` ON `recording_files` (`booking_id`);--> statement-breakpoint
CREATE TABLE `recordings` (
	`booking_id` text NOT NULL,
	`meeting_uuid` text NOT NULL,
	`share_url` text,
	`total_size` integer,
	`auto_delete_date` text,
	`download_token` text,
	`download_token_expires_at` integer,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`booking_id`, `meeting_uuid`),
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `transcription_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`booking_id` text NOT NULL,
	`recording_file_id` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transcription_jobs_file` ON `transcription_jobs` (`recording_file_id`);--> statement-breakpoint
CREATE TABLE `zoom_grants` (
	`tutor_id` text PRIMARY KEY NOT NULL,
	`zoom_user_id` text NOT NULL,
	`zoom_account_id` text,
	`refresh_token` text NOT NULL,
	`access_token` text,
	`access_expires_at` integer,
	`scope` text,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tutor_id`) REFERENCES `tutors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `zoom_grants_user` ON `zoom_grants` (`zoom_user_id`);--> statement-breakpoint
ALTER TABLE `bookings` ADD `started_at` integer;--> statement-breakpoint
ALTER TABLE `bookings` ADD `ended_at` integer;--> statement-breakpoint
ALTER TABLE `tutors` ADD `zoom_connection` text DEFAULT 'none' NOT NULL;