/**
 * What the CLI reads before it acts: the config and the chain's clock, each an error in
 * words when the cluster has no PepFund config or a value cannot be read.
 */
import { PublicKey } from "@solana/web3.js";
import { rpcCall } from "../../chain/errors.js";
import { configPda } from "../../chain/pdas.js";
import { PROGRAM_ID } from "../../chain/program.js";
import type { CampaignView } from "../../core/views.js";
import { chainTime } from "../scheduler.js";
import { CliError, UsageError } from "./command.js";
import type { CliContext } from "./context.js";
import { refusal } from "./send.js";

/** The program's config, as `config_update` needs every field of it. */
export interface ConfigState {
  readonly admin: PublicKey;
  /** `null` when none is proposed. */
  readonly pendingAdmin: PublicKey | null;
  readonly usdcMint: PublicKey;
  readonly treasury: PublicKey;
  readonly researcherAllocationBps: number;
  readonly protocolAllocationBps: number;
  readonly campaignCount: bigint;
}

/** The config account, or `null` before `config init`. */
export async function readConfigOrNull(ctx: CliContext): Promise<ConfigState | null> {
  const { connection } = ctx.program.provider;
  const info = await rpcCall("getAccountInfo config", () => connection.getAccountInfo(configPda(), "confirmed"));
  if (info === null || !info.owner.equals(PROGRAM_ID)) return null;
  const c = ctx.program.coder.accounts.decode<{
    admin: PublicKey;
    pendingAdmin: PublicKey;
    usdcMint: PublicKey;
    treasury: PublicKey;
    researcherAllocationBps: number;
    protocolAllocationBps: number;
    campaignCount: { toString(): string };
  }>("config", info.data);
  return {
    admin: c.admin,
    pendingAdmin: c.pendingAdmin.equals(PublicKey.default) ? null : c.pendingAdmin,
    usdcMint: c.usdcMint,
    treasury: c.treasury,
    researcherAllocationBps: c.researcherAllocationBps,
    protocolAllocationBps: c.protocolAllocationBps,
    campaignCount: BigInt(c.campaignCount.toString()),
  };
}

/** The config; an error naming `config init` when the program was never configured on this cluster. */
export async function readConfig(ctx: CliContext): Promise<ConfigState> {
  const config = await readConfigOrNull(ctx);
  if (config === null) throw new CliError(`PepFund has no config on ${new URL(ctx.rpcUrl).origin}: run npm run pepfund -- config init first.`);
  return config;
}

/** The chain's clock (the Clock sysvar): the program checks deadlines against it, not this machine's time. */
export async function readChainTime(ctx: CliContext): Promise<number> {
  return rpcCall("getAccountInfo clock", () => chainTime(ctx.program.provider.connection));
}

/** The campaign at `address`, or the program's refusal `CampaignNotFound`. */
export async function readCampaign(ctx: CliContext, address: string): Promise<CampaignView> {
  const campaign = await ctx.reader.getCampaign(address);
  if (campaign === null) throw refusal("CampaignNotFound");
  return campaign;
}

/** A whole number in `[min, max]` from an option, or a usage error naming it. */
export function intOption(value: string | boolean | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (!/^\d{1,9}$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${String(value)}"`);
  }
  return Number(text);
}
