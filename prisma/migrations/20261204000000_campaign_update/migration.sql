-- CreateTable
CREATE TABLE "campaign_update" (
    "id" UUID NOT NULL,
    "campaign" TEXT NOT NULL,
    "researcher" TEXT NOT NULL,
    "arweave_id" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "user_id" TEXT NOT NULL,
    "posted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "campaign_update_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "campaign_update_campaign_posted_at_idx" ON "campaign_update"("campaign", "posted_at");

