DROP INDEX `recording_files_archive`;--> statement-breakpoint
ALTER TABLE `recording_files` ADD `retain_until` integer;--> statement-breakpoint
CREATE INDEX `recording_files_retention` ON `recording_files` (`retain_until`) WHERE archive_state = 'copied';--> statement-breakpoint
CREATE INDEX `recording_files_archive` ON `recording_files` (`archive_due_at`) WHERE archive_state = 'pending';--> statement-breakpoint
CREATE INDEX `bookings_unsettled` ON `bookings` (`start_at`) WHERE status = 'confirmed' and provisioning = 'ready' and meeting_id is not null;--> statement-breakpoint
UPDATE `recording_files` SET `retain_until` = (SELECT coalesce(b.ended_at, b.start_at + b.duration_minutes * 60000) + t.recording_retention_days * 86400000 FROM `bookings` b JOIN `tutors` t ON t.id = b.tutor_id WHERE b.id = `recording_files`.`booking_id`) WHERE `archive_state` = 'copied';