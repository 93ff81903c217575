/**
 * `npm run db:check`: fails when prisma/schema.prisma and prisma/migrations disagree, in
 * either direction (a model change without its migration, or a migration the schema does
 * not describe). It is Prisma's own comparison:
 *
 *   prisma migrate diff --from-migrations prisma/migrations
 *                       --to-schema-datamodel prisma/schema.prisma --exit-code
 *
 * which replays every migration into a fresh shadow database and compares the result with
 * the schema. The shadow database is created on the PostgreSQL server when one answers
 * (TEST_DATABASE_URL, else DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/test;
 * the shadow is a database of its own, dropped afterwards), else it is an in-memory PGlite,
 * so the check needs no server and no network. REQUIRE_POSTGRES=1 (CI) makes an
 * unreachable server an error.
 *
 * Usage: tsx prisma/check-migrations.ts [--schema FILE] [--migrations DIR] [--target auto|postgres|pglite]
 * Exit: 0 in agreement, 1 drift (the differences are printed), 2 the check itself failed.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test";
const PRISMA_CLI = createRequire(import.meta.url).resolve("prisma/build/index.js");

/** Exit codes of this check (documented above). */
const AGREE = 0;
const DRIFT = 1;
const CHECK_FAILED = 2;

type Target = { kind: "postgres"; url: string } | { kind: "pglite" };

async function answers(url: string): Promise<Error | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return error as Error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function chooseTarget(requested: string): Promise<Target> {
  if (requested === "pglite") return { kind: "pglite" };
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_URL;
  const unreachable = await answers(url);
  if (unreachable === null) return { kind: "postgres", url };
  if (requested === "postgres" || process.env.REQUIRE_POSTGRES === "1") {
    throw new Error(`PostgreSQL is unreachable: ${unreachable.message}`);
  }
  return { kind: "pglite" };
}

function runPrisma(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PRISMA_CLI, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? CHECK_FAILED, output }));
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      schema: { type: "string", default: "prisma/schema.prisma" },
      migrations: { type: "string", default: "prisma/migrations" },
      target: { type: "string", default: "auto" },
    },
  });
  if (!["auto", "postgres", "pglite"].includes(values.target)) {
    process.stderr.write(`db:check: --target must be auto, postgres or pglite\n`);
    return CHECK_FAILED;
  }
  const target = await chooseTarget(values.target);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CHECKPOINT_DISABLE: "1",
    ...(target.kind === "postgres"
      ? { DATABASE_URL: target.url, PRISMA_CLI_EMBEDDED: "0" }
      : { DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://localhost/unused", PRISMA_CLI_EMBEDDED: "1" }),
  };
  const where = target.kind === "postgres" ? "a shadow database on PostgreSQL" : "an in-memory PGlite shadow database";
  const { code, output } = await runPrisma(
    ["migrate", "diff", "--from-migrations", values.migrations, "--to-schema-datamodel", values.schema, "--exit-code"],
    env,
  );
  // Prisma's --exit-code: 0 empty diff, 2 a difference, 1 an error.
  if (code === 0) {
    process.stdout.write(`db:check: ${values.schema} and ${values.migrations} agree (replayed into ${where}).\n`);
    return AGREE;
  }
  if (code === 2) {
    process.stderr.write(
      `db:check: ${values.schema} and ${values.migrations} DISAGREE (replayed into ${where}).\n` +
        `What the migrations lack to reach the schema:\n${output.replace(/^Loaded Prisma config.*\n/m, "")}\n` +
        `Write the missing migration (docs/BOT.md, "A new migration"), or revert the schema change.\n`,
    );
    return DRIFT;
  }
  process.stderr.write(`db:check: the comparison itself failed (exit ${code}):\n${output}\n`);
  return CHECK_FAILED;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`db:check: ${(error as Error).message}\n`);
    process.exitCode = CHECK_FAILED;
  },
);
