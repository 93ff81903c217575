-- CreateEnum
CREATE TYPE "SigningRequestStatus" AS ENUM ('PENDING', 'SUBMITTED', 'CONFIRMED', 'FAILED');

-- AlterTable
ALTER TABLE "outbox_message" ADD COLUMN     "order_key" TEXT;

-- CreateTable
CREATE TABLE "signing_request" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "action" JSONB NOT NULL,
    "signer" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "user_id" TEXT NOT NULL,
    "chat_id" TEXT NOT NULL,
    "status" "SigningRequestStatus" NOT NULL DEFAULT 'PENDING',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "submitted_at" TIMESTAMPTZ(3),
    "tx_signature" TEXT,
    "error_code" TEXT,

    CONSTRAINT "signing_request_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "signing_request_signer_status_idx" ON "signing_request"("signer", "status");

-- CreateIndex
CREATE INDEX "outbox_message_order_key_status_idx" ON "outbox_message"("order_key", "status");

