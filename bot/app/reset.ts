/**
 * `npm start -- --reset`: removes DATA_DIR (the PGlite database, the localnet's ledger, arlocal's
 * data, the demo keys) so the demo world is built again. On a terminal it asks first; from a
 * script (stdin not a terminal) it asks nothing. It prints what it removed either way.
 */
import { existsSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { createInterface } from "node:readline/promises";

/** Directories never removed, whatever DATA_DIR says: a typo must not wipe a home or a checkout. */
function forbidden(dir: string): boolean {
  return dir === resolve("/") || dir === resolve(homedir()) || dir === process.cwd();
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** Removes `dataDir`, reporting each entry through `print`; exits 2 when refused. */
export async function resetDataDir(dataDir: string, print: (line: string) => void): Promise<void> {
  const dir = resolve(dataDir);
  if (forbidden(dir)) {
    process.stderr.write(`--reset: refusing to remove ${dir} (DATA_DIR must name a data folder, not / , the home or the checkout)\n`);
    process.exit(2);
  }
  if (!existsSync(dir)) {
    print(`--reset: ${dir} does not exist; nothing to remove`);
    return;
  }
  const entries = (await readdir(dir)).sort();
  if (process.stdin.isTTY && !(await confirm(`--reset removes ${dir} (${entries.join(", ") || "empty"}). Continue? [y/N] `))) {
    print("--reset: cancelled, nothing removed");
    process.exit(0);
  }
  await rm(dir, { recursive: true, force: true });
  print(`--reset: removed ${dir}: ${entries.length === 0 ? "(empty)" : entries.join(", ")}`);
}
