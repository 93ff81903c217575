-- A Telegram update is claimed with a lease and marked done after its handler, so one whose
-- handler died with the process is handled again when Telegram redelivers it.
ALTER TABLE "chat_update" ADD COLUMN "owner" TEXT,
ADD COLUMN "lease_until" TIMESTAMPTZ(3),
ADD COLUMN "done_at" TIMESTAMPTZ(3);

-- Updates claimed before this migration were handled under the old rule: they count as done.
UPDATE "chat_update" SET "done_at" = "handled_at";
