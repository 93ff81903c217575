-- CreateTable
CREATE TABLE "relay_journal" (
    "key" TEXT NOT NULL,
    "transaction" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "last_valid_block_height" BIGINT NOT NULL,
    "outcome" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "relay_journal_pkey" PRIMARY KEY ("key")
);

