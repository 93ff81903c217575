/**
 * The relayer's two Solana keys. From configuration: a Solana CLI keypair file (a JSON array
 * of 64 bytes) or that array itself. For a local run without keys: demo keys generated once
 * and kept under DATA_DIR, funded by airdrop (allowed only against a local validator).
 * Key material never reaches an error message or the log: errors name the variable only.
 */
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Connection, Keypair, LAMPORTS_PER_SOL, type PublicKey } from "@solana/web3.js";

/** A keypair variable that cannot be read; the message names the variable, never its value. */
export class KeypairConfigError extends Error {
  override readonly name = "KeypairConfigError";
}

function fromBytes(json: string, variable: string): Keypair {
  let bytes: unknown;
  try {
    bytes = JSON.parse(json);
  } catch {
    throw new KeypairConfigError(`${variable}: not a JSON byte array`);
  }
  if (!Array.isArray(bytes) || bytes.length !== 64 || !bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    throw new KeypairConfigError(`${variable}: a keypair is a JSON array of 64 bytes (solana-keygen output)`);
  }
  try {
    return Keypair.fromSecretKey(Uint8Array.from(bytes as number[]));
  } catch {
    throw new KeypairConfigError(`${variable}: the 64 bytes are not a valid Ed25519 keypair`);
  }
}

/** Reads a keypair given as a file path or as the JSON array itself. */
export async function readKeypair(value: string, variable: string): Promise<Keypair> {
  if (value.trimStart().startsWith("[")) return fromBytes(value, variable);
  let text: string;
  try {
    text = await readFile(value, "utf8");
  } catch (error) {
    throw new KeypairConfigError(`${variable}: cannot read the keypair file (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return fromBytes(text, variable);
}

/** A demo key kept in `<dataDir>/keys/<name>.json` (created once, readable by the owner only). */
export async function demoKeypair(dataDir: string, name: string): Promise<Keypair> {
  const dir = join(dataDir, "keys");
  const file = join(dir, `${name}.json`);
  if (existsSync(file)) return readKeypair(file, file);
  await mkdir(dir, { recursive: true });
  const keypair = Keypair.generate();
  await writeFile(file, JSON.stringify(Array.from(keypair.secretKey)), { mode: 0o600 });
  await chmod(file, 0o600);
  return keypair;
}

/** Tops `key` up to at least `sol` by requestAirdrop; call against a local validator only. */
export async function airdropAtLeast(connection: Connection, key: PublicKey, sol: number): Promise<void> {
  const balance = await connection.getBalance(key, "confirmed");
  if (balance >= sol * LAMPORTS_PER_SOL) return;
  const signature = await connection.requestAirdrop(key, sol * LAMPORTS_PER_SOL);
  const latest = await connection.getLatestBlockhash("confirmed");
  await connection.confirmTransaction({ signature, ...latest }, "confirmed");
}
