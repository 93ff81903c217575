-- AlterTable
ALTER TABLE "signing_request" ADD COLUMN "signed_tx" BYTEA;

-- CreateIndex
CREATE INDEX "signing_request_status_submitted_at_idx" ON "signing_request"("status", "submitted_at");
