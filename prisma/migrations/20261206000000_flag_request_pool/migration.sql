-- A flag on a reward pool's KPI is stored and resumed like a campaign flag.
CREATE TYPE "FlagSubject" AS ENUM ('CAMPAIGN', 'POOL');

ALTER TABLE "flag_request" ADD COLUMN "subject" "FlagSubject" NOT NULL DEFAULT 'CAMPAIGN';
