/**
 * Prisma CLI configuration. The JS schema engine with a driver adapter runs `migrate`
 * and `db push` without downloading native engines (see docs/BOT.md). The CLI works
 * against PostgreSQL only; the embedded PGlite database is migrated by the bot itself.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  adapter: () => {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) {
      return Promise.reject(new Error("DATABASE_URL must name a PostgreSQL database for the Prisma CLI"));
    }
    return Promise.resolve(new PrismaPg({ connectionString }));
  },
});
