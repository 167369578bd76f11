CREATE TABLE `bookings` (
	`id` text PRIMARY KEY NOT NULL,
	`tutor_id` text NOT NULL,
	`service_id` text NOT NULL,
	`student_name` text NOT NULL,
	`student_email` text NOT NULL,
	`parent_email` text,
	`start_at` integer NOT NULL,
	`duration_minutes` integer NOT NULL,
	`timezone` text NOT NULL,
	`status` text DEFAULT 'pending_payment' NOT NULL,
	`provider` text NOT NULL,
	`meeting_url` text,
	`payment_ref` text,
	`meeting_provider` text,
	`meeting_id` text,
	`meeting_host` text,
	`join_url` text,
	`passcode` text,
	`provisioning` text DEFAULT 'none' NOT NULL,
	`schedule_version` integer DEFAULT 1 NOT NULL,
	`meeting_version` integer DEFAULT 0 NOT NULL,
	`create_in_flight` integer DEFAULT false NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`sync_due_at` integer,
	`lease_token` text,
	`lease_until` integer,
	`confirmed_at` integer,
	`cancelled_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tutor_id`) REFERENCES `tutors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bookings_sync_due` ON `bookings` (`sync_due_at`);--> statement-breakpoint
CREATE INDEX `bookings_meeting` ON `bookings` (`meeting_provider`,`meeting_id`);--> statement-breakpoint
CREATE TABLE `meeting_cleanups` (
	`provider` text NOT NULL,
	`meeting_id` text NOT NULL,
	`meeting_host` text,
	`booking_id` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`due_at` integer NOT NULL,
	`lease_until` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`provider`, `meeting_id`)
);
--> statement-breakpoint
CREATE TABLE `processed_events` (
	`source` text NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`booking_id` text,
	`received_at` integer NOT NULL,
	`processed_at` integer,
	PRIMARY KEY(`source`, `event_id`)
);
--> statement-breakpoint
CREATE TABLE `services` (
	`id` text PRIMARY KEY NOT NULL,
	`tutor_id` text NOT NULL,
	`name` text NOT NULL,
	`duration_minutes` integer NOT NULL,
	`auto_recording` text DEFAULT 'none' NOT NULL,
	`waiting_room` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`tutor_id`) REFERENCES `tutors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `tutors` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`timezone` text NOT NULL,
	`zoom_user_id` text,
	`default_provider` text DEFAULT 'zoom' NOT NULL,
	`backup_link` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tutors_email_unique` ON `tutors` (`email`);