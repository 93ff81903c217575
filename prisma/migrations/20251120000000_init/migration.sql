-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('DISCORD', 'TELEGRAM');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateEnum
CREATE TYPE "FlagRequestStatus" AS ENUM ('ACCEPTED', 'UPLOADED', 'SENT', 'CONFIRMED', 'FAILED');

-- CreateTable
CREATE TABLE "chat_identity" (
    "id" UUID NOT NULL,
    "platform" "Platform" NOT NULL,
    "user_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "wallet_link" (
    "id" UUID NOT NULL,
    "identity_id" UUID NOT NULL,
    "platform" "Platform" NOT NULL,
    "address" TEXT NOT NULL,
    "chat_id" TEXT NOT NULL,
    "challenge_nonce" TEXT NOT NULL,
    "linked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "wallet_link_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "link_challenge" (
    "nonce" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "user_id" TEXT NOT NULL,
    "chat_id" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "consumed_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),

    CONSTRAINT "link_challenge_pkey" PRIMARY KEY ("nonce")
);

-- CreateTable
CREATE TABLE "subscription" (
    "id" UUID NOT NULL,
    "campaign" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "scope_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_message" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "available_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "indexer_cursor" (
    "name" TEXT NOT NULL,
    "signature" TEXT,
    "slot" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "indexer_cursor_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "flag_request" (
    "id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "user_id" TEXT NOT NULL,
    "chat_id" TEXT NOT NULL,
    "wallet" TEXT NOT NULL,
    "campaign" TEXT NOT NULL,
    "milestone_index" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL,
    "rationale" TEXT NOT NULL,
    "rationale_id" TEXT,
    "status" "FlagRequestStatus" NOT NULL DEFAULT 'ACCEPTED',
    "tx_signature" TEXT,
    "error_code" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "flag_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "action" TEXT NOT NULL,
    "platform" "Platform",
    "user_id" TEXT,
    "subject" TEXT NOT NULL,
    "details" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "chat_identity_platform_user_id_key" ON "chat_identity"("platform", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "wallet_link_identity_id_key" ON "wallet_link"("identity_id");

-- CreateIndex
CREATE UNIQUE INDEX "wallet_link_challenge_nonce_key" ON "wallet_link"("challenge_nonce");

-- CreateIndex
CREATE UNIQUE INDEX "wallet_link_platform_address_key" ON "wallet_link"("platform", "address");

-- CreateIndex
CREATE INDEX "link_challenge_platform_user_id_idx" ON "link_challenge"("platform", "user_id");

-- CreateIndex
CREATE INDEX "link_challenge_expires_at_idx" ON "link_challenge"("expires_at");

-- CreateIndex
CREATE INDEX "subscription_platform_scope_id_idx" ON "subscription"("platform", "scope_id");

-- CreateIndex
CREATE UNIQUE INDEX "subscription_campaign_platform_scope_id_channel_id_key" ON "subscription"("campaign", "platform", "scope_id", "channel_id");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_message_dedupe_key_key" ON "outbox_message"("dedupe_key");

-- CreateIndex
CREATE INDEX "outbox_message_status_available_at_idx" ON "outbox_message"("status", "available_at");

-- CreateIndex
CREATE UNIQUE INDEX "flag_request_idempotency_key_key" ON "flag_request"("idempotency_key");

-- CreateIndex
CREATE INDEX "flag_request_campaign_milestone_index_attempt_idx" ON "flag_request"("campaign", "milestone_index", "attempt");

-- CreateIndex
CREATE INDEX "audit_log_subject_idx" ON "audit_log"("subject");

-- AddForeignKey
ALTER TABLE "wallet_link" ADD CONSTRAINT "wallet_link_identity_id_fkey" FOREIGN KEY ("identity_id") REFERENCES "chat_identity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

