/**
 * How a cost grows with its work, one row per size, all measured in one run of this script on
 * the same machine: it runs one of the repository's benchmarks once per size, one after
 * another, and prints the figures that matter for growth side by side.
 *
 *   npx tsx bench/growth.ts flag 10,100,1000        # bench/flag-pipeline.ts N (holders flagging at once)
 *   npx tsx bench/growth.ts fanout 100,1000,5000    # bench/telegram-fanout.ts N --postgres (groups)
 *   npx tsx bench/growth.ts indexer 10,100,200      # bench/indexer-lag.ts --rate N --seconds 10 (events/s)
 *
 * Every benchmark prints a `| measure | value |` table; the rows named below are picked from it
 * (`{n}` in a name is the size).
 * The load average before and after each size is printed with it.
 */
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";

interface Growth {
  readonly work: string;
  readonly args: (size: number) => string[];
  readonly measures: readonly string[];
}

const GROWTHS: Record<string, Growth> = {
  flag: {
    work: "holders flagging at once",
    args: (n) => ["bench/flag-pipeline.ts", String(n)],
    measures: [
      "pipeline p50 / p99 command -> confirmed",
      "pipeline flags/s",
      "sum of parts, {n} at once p50 / p99",
      "overhead p50: pipeline / sum of parts at once",
      "process CPU per flag (all threads, arlocal's included)",
      "relayer RPC calls per flag",
    ],
  },
  fanout: {
    work: "Telegram groups",
    args: (n) => ["bench/telegram-fanout.ts", String(n), "--postgres"],
    measures: ["messages accepted", "429 answers", "delivery start to all marked sent", "least the limits allow", "all marked sent, over the least"],
  },
  indexer: {
    work: "events per second",
    args: (n) => ["bench/indexer-lag.ts", "--rate", String(n), "--seconds", "10"],
    measures: ["achieved send rate", "announced", "on-chain -> outbox p50", "on-chain -> outbox p99", "on-chain -> outbox max"],
  },
};

const [which, list] = process.argv.slice(2);
const growth = which === undefined ? undefined : GROWTHS[which];
const sizes = (list ?? "").split(",").map(Number).filter((n) => Number.isInteger(n) && n > 0);
if (growth === undefined || sizes.length === 0) {
  process.stderr.write(`usage: npx tsx bench/growth.ts <${Object.keys(GROWTHS).join("|")}> <size,size,...>\n`);
  process.exit(2);
}

/** The `| measure | value |` rows of a benchmark's output. */
function tableRows(output: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of output.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length >= 4 && cells[1] !== undefined && cells[2] !== undefined && !cells[1].startsWith("-")) rows.set(cells[1], cells[2]);
  }
  return rows;
}

const load = () => loadavg()[0]?.toFixed(1) ?? "?";
const results: { size: number; rows: Map<string, string>; load: string }[] = [];
for (const size of sizes) {
  const before = load();
  process.stderr.write(`${which} ${size}: running ${growth.args(size).join(" ")} (load ${before})…\n`);
  const run = spawnSync("npx", ["tsx", ...growth.args(size)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) {
    process.stderr.write(run.stdout);
    throw new Error(`${which} ${size} exited with ${run.status ?? run.signal}`);
  }
  results.push({ size, rows: tableRows(run.stdout), load: `${before} → ${load()}` });
}

const header = [growth.work, ...growth.measures.map((m) => m.replace("{n}", "N")), "load (1 min)"];
const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
for (const { size, rows, load: l } of results) {
  lines.push(`| ${size} | ${growth.measures.map((m) => rows.get(m.replace("{n}", String(size))) ?? "?").join(" | ")} | ${l} |`);
}
process.stdout.write(`${lines.join("\n")}\n`);
