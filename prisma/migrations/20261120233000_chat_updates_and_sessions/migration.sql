-- CreateTable
CREATE TABLE "chat_update" (
    "source" TEXT NOT NULL,
    "update_id" BIGINT NOT NULL,
    "handled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_update_pkey" PRIMARY KEY ("source","update_id")
);

-- CreateTable
CREATE TABLE "chat_session" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "chat_session_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "chat_update_handled_at_idx" ON "chat_update"("handled_at");

