CREATE TABLE `dev_mailbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idempotency_key` text NOT NULL,
	`message` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dev_mailbox_idempotency_key_unique` ON `dev_mailbox` (`idempotency_key`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`subject` text NOT NULL,
	`version` integer NOT NULL,
	`kind` text NOT NULL,
	`role` text NOT NULL,
	`recipient` text NOT NULL,
	`language` text NOT NULL,
	`due_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`lease_until` integer,
	`provider_message_id` text,
	`subject_line` text,
	`sent_sequence` integer,
	`link_shown` integer,
	`sent_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_once` ON `outbox` (`subject`,`version`,`kind`,`role`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`due_at`);--> statement-breakpoint
ALTER TABLE `bookings` ADD `language` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `calendar_sequence` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tutors` ADD `language` text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE `tutors` ADD `remind_day_before` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `tutors` ADD `remind_hour_before` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `tutors` ADD `remind_join_open` integer DEFAULT true NOT NULL;