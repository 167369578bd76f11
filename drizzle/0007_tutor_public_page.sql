ALTER TABLE `tutors` ADD `public_slug` text;--> statement-breakpoint
ALTER TABLE `tutors` ADD `booking_url` text;--> statement-breakpoint
CREATE UNIQUE INDEX `tutors_public_slug_unique` ON `tutors` (`public_slug`);