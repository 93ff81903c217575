-- The process sending a leased outbox message, so a restarted process on the same host can take
-- over a dead sender's messages at once instead of waiting out the lease.
ALTER TABLE "outbox_message" ADD COLUMN     "claimed_by" TEXT;
