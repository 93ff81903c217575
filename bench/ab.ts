/**
 * Runs one benchmark of this repository against an earlier commit in the same session and
 * prints both side by side, so a figure is always read beside a baseline measured on the
 * same machine under the same load. The earlier commit is checked out into a temporary git
 * worktree (sharing this checkout's node_modules), its Prisma client generated, and the two
 * runs alternate (baseline, current, baseline, ...) so a slow spell hits both.
 *
 *   npx tsx bench/ab.ts --baseline <commit> [--pick <commit,...>] [--bench-here] [--copy <path,...>] [--rounds 3] <bench file> [bench args...]
 *   e.g. npx tsx bench/ab.ts --baseline d68dc84 bench/discord-commands.ts 500
 *
 * `--pick` cherry-picks commits of main onto the baseline (a benchmark's own fix, say), so a
 * baseline that is "commit X plus fix Y" needs no branch or tag that a clone would not carry.
 * `--bench-here` measures the baseline with this checkout's bench/ folder (the baseline's own
 * code under the same measuring code, so a figure the benchmark gained since is on both
 * sides); the bench must still run against the baseline's code, or the run fails. `--copy`
 * puts this checkout's copy of single files over the baseline's (a measuring file its own bench
 * uses, say `bench/arlocal-worker.ts`, which runs the gateway out of the measured process).
 *
 * Each bench prints a `metric | value` table; rows are matched by metric name and each
 * figure is the median over the rounds (numbers in ms or MB as the bench prints them).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const args = process.argv.slice(2);
function option(name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
}
const baseline = option("--baseline");
const picks = option("--pick")?.split(",").filter((c) => c !== "") ?? [];
const rounds = Number(option("--rounds") ?? 3);
const copies = option("--copy")?.split(",").filter((p) => p !== "") ?? [];
const benchHere = args.includes("--bench-here");
if (benchHere) args.splice(args.indexOf("--bench-here"), 1);
const [benchFile, ...benchArgs] = args;
if (baseline === undefined || benchFile === undefined) {
  process.stderr.write("usage: npx tsx bench/ab.ts --baseline <commit> [--pick <commit,...>] [--bench-here] [--copy <path,...>] [--rounds N] <bench file> [bench args...]\n");
  process.exit(2);
}

const root = resolve(import.meta.dirname, "..");
const tree = mkdtempSync(join(tmpdir(), "pepfund-baseline-"));
execFileSync("git", ["-C", root, "worktree", "add", "--detach", tree, baseline], { stdio: "ignore" });
try {
  for (const pick of picks) {
    // No commit is made in this checkout: the picked tree lives only in the temporary worktree.
    execFileSync("git", ["-C", tree, "cherry-pick", "--no-commit", pick], { stdio: "inherit" });
  }
  if (benchHere) {
    rmSync(join(tree, "bench"), { recursive: true, force: true });
    cpSync(join(root, "bench"), join(tree, "bench"), { recursive: true });
  }
  for (const path of copies) cpSync(join(root, path), join(tree, path));
  symlinkSync(join(root, "node_modules"), join(tree, "node_modules"));
  execFileSync("npm", ["run", "-s", "db:generate"], { cwd: tree, stdio: "ignore" });
  if (!existsSync(join(tree, benchFile))) throw new Error(`${benchFile} does not exist at ${baseline}`);

  /** One run of the bench in `cwd`: its table as metric -> value. */
  const runIn = (cwd: string): Map<string, string> => {
    const out = spawnSync("npx", ["tsx", benchFile, ...benchArgs], { cwd, encoding: "utf8", env: process.env, maxBuffer: 64 * 1024 * 1024 });
    if (out.status !== 0) throw new Error(`bench failed in ${cwd}: ${out.stderr.slice(-2000)}`);
    const rows = new Map<string, string>();
    for (const lineText of out.stdout.split("\n")) {
      const match = /^(.+?)\s+\|\s+(.+)$/.exec(lineText);
      if (match !== null && match[1] !== "metric" && !/^-+$/.test(match[1] ?? "")) rows.set((match[1] ?? "").trim(), (match[2] ?? "").trim());
    }
    return rows;
  };

  const results: { baseline: Map<string, string>[]; current: Map<string, string>[] } = { baseline: [], current: [] };
  for (let i = 0; i < rounds; i += 1) {
    process.stderr.write(`round ${i + 1}/${rounds}: baseline ${baseline}…\n`);
    results.baseline.push(runIn(tree));
    process.stderr.write(`round ${i + 1}/${rounds}: current…\n`);
    results.current.push(runIn(root));
  }

  /** The median of each number in a metric's value over the runs, keeping the text around them. */
  const median = (runs: Map<string, string>[], metric: string): string => {
    const values = runs.map((r) => r.get(metric)).filter((v): v is string => v !== undefined);
    const first = values[0];
    if (first === undefined) return "—";
    const NUMBER = /-?\d+(\.\d+)?/g;
    const columns = values.map((v) => (v.match(NUMBER) ?? []).map(Number));
    let position = 0;
    return first.replace(NUMBER, (own) => {
      const i = position++;
      const at = columns.map((c) => c[i]).filter((n): n is number => n !== undefined).sort((a, b) => a - b);
      return at.length === values.length ? String(at[Math.floor(at.length / 2)]) : own;
    });
  };
  const metrics = [...new Set([...(results.current[0]?.keys() ?? []), ...(results.baseline[0]?.keys() ?? [])])];
  const width = Math.max(...metrics.map((m) => m.length), 6);
  const load = execFileSync("cat", ["/proc/loadavg"], { encoding: "utf8" }).trim();
  process.stdout.write(`\n${benchFile} ${benchArgs.join(" ")}: median of ${rounds} alternating runs; load average ${load}\n`);
  process.stdout.write(`${"metric".padEnd(width)} | baseline ${[baseline, ...picks].join("+")}${benchHere ? " (this bench/)" : ""}${copies.length > 0 ? ` (this ${copies.join(", ")})` : ""} | current\n${"-".repeat(width)}-|----------|--------\n`);
  for (const m of metrics) process.stdout.write(`${m.padEnd(width)} | ${median(results.baseline, m)} | ${median(results.current, m)}\n`);
} finally {
  execFileSync("git", ["-C", root, "worktree", "remove", "--force", tree], { stdio: "ignore" });
  rmSync(tree, { recursive: true, force: true });
}
