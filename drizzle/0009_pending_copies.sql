DROP INDEX `recording_files_archive`;--> statement-breakpoint
CREATE INDEX `recording_files_archive` ON `recording_files` (`archive_due_at`) WHERE archive_state = 'pending';