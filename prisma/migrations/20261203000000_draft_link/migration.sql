-- CreateTable
CREATE TABLE "draft_link" (
    "token_sha256" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "user_id" TEXT NOT NULL,
    "chat_id" TEXT NOT NULL,
    "researcher" TEXT NOT NULL,
    "campaign" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "draft_sha256" TEXT,
    "claimed_at" TIMESTAMPTZ(3),
    "texts_id" TEXT,
    "texts_sha256" TEXT,
    "signing_request_id" UUID,
    "signing_url" TEXT,

    CONSTRAINT "draft_link_pkey" PRIMARY KEY ("token_sha256")
);

-- CreateIndex
CREATE INDEX "draft_link_expires_at_idx" ON "draft_link"("expires_at");

