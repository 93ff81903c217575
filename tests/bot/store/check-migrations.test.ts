/**
 * `npm run db:check` (prisma/check-migrations.ts) against the repository's schema and
 * migrations, and against copies broken on purpose: it must say "agree" only when they do.
 * Runs on the embedded PGlite shadow always and on the real PostgreSQL when reachable.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { postgresAvailable } from "../support/databases.js";

// Each case runs the Prisma CLI in a child process and replays every migration into a shadow
// database: seconds on an idle machine, tens of seconds on a busy 2-core one.
vi.setConfig({ testTimeout: 300_000 });

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const TSX = join(ROOT, "node_modules/.bin/tsx");
const SCHEMA = join(ROOT, "prisma/schema.prisma");
const MIGRATIONS = join(ROOT, "prisma/migrations");

const scratch = mkdtempSync(join(tmpdir(), "pepfund-db-check-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runCheck(target: string, args: string[] = []): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ["prisma/check-migrations.ts", "--target", target, ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** The schema with one more column on the subscription model, and no migration for it. */
function schemaWithExtraField(): string {
  const source = readFileSync(SCHEMA, "utf8");
  const changed = source.replace(
    '  createdBy String   @map("created_by")\n',
    '  createdBy String   @map("created_by")\n  mutedAt   DateTime? @map("muted_at")\n',
  );
  expect(changed).not.toBe(source);
  const path = join(scratch, `extra-field-${Math.random().toString(36).slice(2)}.prisma`);
  writeFileSync(path, changed);
  return path;
}

/** The migrations plus one more, whose SQL is given. */
function migrationsWith(name: string, sql: string): string {
  const dir = join(scratch, `migrations-${Math.random().toString(36).slice(2)}`);
  cpSync(MIGRATIONS, dir, { recursive: true });
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, "migration.sql"), sql);
  return dir;
}

const targets = postgresAvailable ? ["pglite", "postgres"] : ["pglite"];

describe.concurrent.each(targets)("db:check with the shadow database on %s", (target) => {
  it("GIVEN the repository's schema and migrations THEN they agree (exit 0)", async () => {
    const { code, output } = await runCheck(target);
    expect(output).toContain("agree");
    expect(code).toBe(0);
  });

  it("GIVEN a field added to the schema without a migration THEN drift (exit 1) naming the column", async () => {
    const { code, output } = await runCheck(target, ["--schema", schemaWithExtraField()]);
    expect(output).toContain("DISAGREE");
    expect(output).toMatch(/Changed the `subscription` table[\s\S]*Added column `muted_at`/);
    expect(code).toBe(1);
  });

  it("GIVEN a migration the schema does not describe THEN drift (exit 1) naming the column", async () => {
    const migrations = migrationsWith(
      "20991231000000_extra_column",
      'ALTER TABLE "subscription" ADD COLUMN "note" TEXT;\n',
    );
    const { code, output } = await runCheck(target, ["--migrations", migrations]);
    expect(output).toMatch(/Changed the `subscription` table[\s\S]*Removed column `note`/);
    expect(code).toBe(1);
  });

  it("GIVEN a migration that does not apply THEN the check itself fails (exit 2), never 'agree'", async () => {
    const migrations = migrationsWith("20991231000000_broken", 'ALTER TABLE "no_such_table" ADD COLUMN "x" TEXT;\n');
    const { code, output } = await runCheck(target, ["--migrations", migrations]);
    expect(output).toContain("20991231000000_broken");
    expect(output).not.toContain("agree");
    expect(code).toBe(2);
  });
});

describe("db:check target", () => {
  it("GIVEN --target postgres and an unreachable server THEN the check fails (exit 2) saying so", async () => {
    const child = spawn(TSX, ["prisma/check-migrations.ts", "--target", "postgres"], {
      cwd: ROOT,
      env: { ...process.env, TEST_DATABASE_URL: "postgresql://postgres@127.0.0.1:9/none" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(output).toContain("PostgreSQL is unreachable");
    expect(code).toBe(2);
  });
});
