-- The signed transaction as base64 text, as the relay journal stores its bytes: the embedded
-- PGlite driver adapter cannot bind Prisma's Bytes values. Nothing was stored in the bytea column yet.
ALTER TABLE "signing_request" DROP COLUMN "signed_tx";
ALTER TABLE "signing_request" ADD COLUMN "signed_tx" TEXT;
