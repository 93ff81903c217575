import { cpSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { migrate, MigrationChecksumError, MIGRATIONS_DIR, type SqlRunner } from "../../../bot/store/migrate.js";

function runner(db: PGlite): SqlRunner {
  return {
    exec: async (sql) => {
      await db.exec(sql);
    },
    query: async <R>(sql: string, params?: unknown[]) => (await db.query<R>(sql, params)).rows,
  };
}

describe("migrate", () => {
  const open: PGlite[] = [];
  afterEach(async () => {
    for (const db of open.splice(0)) await db.close();
  });

  it("GIVEN an empty database THEN every migration is applied once and recorded as Prisma does", async () => {
    const db = new PGlite();
    open.push(db);
    const migrations = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(migrations[0]).toBe("20251120000000_init");
    expect(await migrate(runner(db))).toEqual(migrations);
    expect(await migrate(runner(db))).toEqual([]);
    const rows = (await db.query<{ migration_name: string; checksum: string }>(`SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`)).rows;
    expect(rows.map((r) => r.migration_name)).toEqual(migrations);
    for (const row of rows) expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it("GIVEN an applied migration edited afterwards THEN MigrationChecksumError", async () => {
    const dir = mkdtempSync(join(tmpdir(), "migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const db = new PGlite();
    open.push(db);
    await migrate(runner(db), dir);
    writeFileSync(join(dir, "20251120000000_init", "migration.sql"), "-- edited\n", { flag: "a" });
    await expect(migrate(runner(db), dir)).rejects.toBeInstanceOf(MigrationChecksumError);
  });

  it("GIVEN a failing migration THEN it is rolled back and not recorded", async () => {
    const dir = mkdtempSync(join(tmpdir(), "migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    cpSync(join(dir, "20251120000000_init"), join(dir, "20251121000000_broken"), { recursive: true });
    writeFileSync(join(dir, "20251121000000_broken", "migration.sql"), `CREATE TABLE half (id int);\nSELECT * FROM missing_table;`);
    const db = new PGlite();
    open.push(db);
    await expect(migrate(runner(db), dir)).rejects.toThrow(/missing_table/);
    const half = await db.query(`SELECT to_regclass('half') AS t`);
    expect(half.rows).toEqual([{ t: null }]);
    const names = (await db.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations"`)).rows;
    expect(names.map((r) => r.migration_name)).toEqual(["20251120000000_init"]);
  });
});
