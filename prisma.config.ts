/**
 * Prisma CLI configuration. The JS schema engine with a driver adapter runs `migrate`
 * and `db push` without downloading native engines (see docs/BOT.md). The CLI works
 * against the PostgreSQL server named by DATABASE_URL, or, with PRISMA_CLI_EMBEDDED=1,
 * against throwaway in-memory PGlite databases (enough for `migrate diff`, which is what
 * `npm run db:check` needs on a machine without a server). The adapters work around two
 * driver defects, explained in prisma/cli-adapters.ts.
 */
import { defineConfig } from "prisma/config";
import { pgliteCliAdapter, postgresCliAdapter } from "./prisma/cli-adapters.ts";

// The schema's `url = env("DATABASE_URL")` must resolve or the CLI falls back to downloading
// engines; the embedded target never connects to it.
if (process.env.PRISMA_CLI_EMBEDDED === "1") process.env.DATABASE_URL ??= "postgresql://localhost/unused";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  adapter: () => {
    if (process.env.PRISMA_CLI_EMBEDDED === "1") return Promise.resolve(pgliteCliAdapter());
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) {
      return Promise.reject(
        new Error("DATABASE_URL must name a PostgreSQL database for the Prisma CLI (or set PRISMA_CLI_EMBEDDED=1)"),
      );
    }
    return Promise.resolve(postgresCliAdapter(connectionString));
  },
});
