-- CreateTable
CREATE TABLE "relay_rate_event" (
    "id" BIGSERIAL NOT NULL,
    "subject" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "relay_rate_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "relay_rate_event_subject_at_idx" ON "relay_rate_event"("subject", "at");
