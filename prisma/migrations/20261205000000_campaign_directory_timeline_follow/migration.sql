-- CreateTable
CREATE TABLE "campaign" (
    "address" TEXT NOT NULL,
    "researcher" TEXT NOT NULL,
    "number" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "title" TEXT,
    "search_text" TEXT NOT NULL,
    "view" JSONB NOT NULL,
    "slot" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "campaign_pkey" PRIMARY KEY ("address")
);

-- CreateTable
CREATE TABLE "campaign_event" (
    "id" BIGSERIAL NOT NULL,
    "campaign" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "notice" JSONB NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "campaign_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "follow" (
    "platform" "Platform" NOT NULL,
    "user_id" TEXT NOT NULL,
    "chat_id" TEXT NOT NULL,
    "campaign" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "follow_pkey" PRIMARY KEY ("platform","user_id","campaign")
);

-- CreateIndex
CREATE INDEX "campaign_status_idx" ON "campaign"("status");

-- CreateIndex
CREATE UNIQUE INDEX "campaign_event_key_key" ON "campaign_event"("key");

-- CreateIndex
CREATE INDEX "campaign_event_campaign_id_idx" ON "campaign_event"("campaign", "id");

-- CreateIndex
CREATE INDEX "follow_campaign_idx" ON "follow"("campaign");

