/**
 * Loads `.env` (or the file `ENV_FILE` names) into `process.env` before the configuration is
 * read, for the app (`npm start`) and the command line (`npm run pepfund`). Node's own
 * `process.loadEnvFile` parses it, and never overwrites a variable the environment already
 * has: the real environment wins over the file (Node's documented `--env-file` precedence).
 *
 * Node's parser silently skips a line it cannot read, so a typo would leave a variable unset
 * without a word: each line is checked first, and a bad one is named by its number (never
 * echoed: a value may be a secret).
 */
import { existsSync, readFileSync } from "node:fs";
import { ConfigError } from "./config.js";

/** A variable assignment: `NAME=value`, optionally after `export `. */
const ASSIGNMENT = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=(.*)$/;

/** Numbers (1-based) of the lines that are neither blank, a comment, nor `NAME=value`. */
export function malformedEnvLines(text: string): number[] {
  const bad: number[] = [];
  // A quoted value may span lines (Node reads "a\nb" across lines): skip until it closes.
  let openQuote: string | null = null;
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (openQuote !== null) {
      if (line.includes(openQuote)) openQuote = null;
      continue;
    }
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    const match = ASSIGNMENT.exec(line);
    if (match === null) {
      bad.push(index + 1);
      continue;
    }
    const value = (match[1] ?? "").trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === "`") && !value.slice(1).includes(quote)) openQuote = quote;
  }
  return bad;
}

/**
 * Loads `env.ENV_FILE`, else `.env` in the working directory when it exists; returns the path
 * loaded, or null. Throws {@link ConfigError} naming the file and the bad lines.
 */
export function loadEnvFile(env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  const named = env.ENV_FILE?.trim();
  const path = named === undefined || named === "" ? ".env" : named;
  if (!existsSync(path)) {
    if (path === ".env") return null;
    throw new ConfigError(`ENV_FILE: ${path} does not exist`);
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const bad = malformedEnvLines(text);
  if (bad.length > 0) {
    throw new ConfigError(`${path}: line${bad.length > 1 ? "s" : ""} ${bad.join(", ")} ${bad.length > 1 ? "are" : "is"} not NAME=value (or a # comment)`);
  }
  process.loadEnvFile(path);
  return path;
}
