/**
 * The core's `ChainReader` over Anchor: accounts are read at "confirmed" commitment and
 * decoded with the IDL's coder. An address that is not a program account of the expected
 * type reads as "none"; an RPC failure throws {@link ChainUnavailableError}.
 */
import bs58 from "bs58";
import { type AccountInfo, type Commitment, type Connection, PublicKey } from "@solana/web3.js";
import type { BackerFunds, CampaignView, ChainReader, HolderView, ResearcherView } from "../core/ports.js";
import {
  type CampaignAccount,
  type HolderAccount,
  type ResearcherAccount,
  campaignView,
  holderView,
  researcherView,
} from "./decode.js";
import { AccountBatch, MULTIPLE_ACCOUNTS_LIMIT } from "./account-batch.js";
import { rpcCall } from "./errors.js";
import { backerMintPda, configPda, flagPda, holderPda, researcherPda, staleVotePda, vaultPda } from "./pdas.js";
import { PROGRAM_ID, type PepfundProgram } from "./program.js";
import { TOKEN_ACCOUNT_SIZE, associatedTokenAddress, tokenAmount } from "./token.js";

type AccountName = "campaign" | "config" | "holderRecord" | "researcherRecord" | "flagRecord" | "staleVote";

/** Campaigns one `getCampaignsAt` reads: two accounts each (campaign and vault). */
export const MAX_CAMPAIGNS_PER_READ = MULTIPLE_ACCOUNTS_LIMIT / 2;

/**
 * Campaigns `recentCampaign` remembers: the ones people are acting on now (a flag burst after
 * a submission's announcement), a few hundred kilobytes at most.
 */
const RECENT_CAMPAIGNS = 256;

/** `null` for a string that is not a base58 public key: such an account cannot exist. */
function parseKey(address: string): PublicKey | null {
  try {
    return new PublicKey(address);
  } catch {
    return null;
  }
}

export class AnchorChainReader implements ChainReader {
  private readonly connection: Connection;
  /** Single accounts and campaigns read in the same turn go to the node as one call. */
  private readonly batch: AccountBatch;
  /** The config's USDC mint, read once (no instruction changes it). */
  private usdcMint: PublicKey | null = null;
  /** Rent-exempt minimum of a token account, read once. */
  private tokenAccountRent: bigint | null = null;
  /** The campaigns read last, oldest first, at most {@link RECENT_CAMPAIGNS}: `recentCampaign`'s guesses. */
  private readonly recent = new Map<string, CampaignView>();

  constructor(
    private readonly program: PepfundProgram,
    private readonly commitment: Commitment = "confirmed",
  ) {
    this.connection = program.provider.connection;
    this.batch = new AccountBatch(this.connection, commitment);
  }

  async getCampaign(address: string): Promise<CampaignView | null> {
    const key = parseKey(address);
    if (key === null) return null;
    const [info, vault] = await this.batch.read("getCampaign", [key, vaultPda(key)]);
    const campaign = this.decode<CampaignAccount>("campaign", info ?? null);
    if (campaign === null) return null;
    return this.remember(campaignView(key, campaign, vault ? tokenAmount(vault.data) : 0n));
  }

  recentCampaign(address: string): CampaignView | null {
    return this.recent.get(address) ?? null;
  }

  /** Keeps `view` as the newest of the recent campaigns, forgetting the oldest beyond the limit. */
  private remember(view: CampaignView): CampaignView {
    this.recent.delete(view.address);
    this.recent.set(view.address, view);
    if (this.recent.size > RECENT_CAMPAIGNS) this.recent.delete(this.recent.keys().next().value as string);
    return view;
  }

  /**
   * Campaigns with their vaults in one `getMultipleAccountsInfo` (two accounts each, so at most
   * 50 addresses: the RPC's limit is 100 accounts), all read at the one slot returned; in the
   * order asked, a malformed or absent address as `view: null`.
   */
  async getCampaignsAt(addresses: readonly string[]): Promise<{ readonly view: CampaignView | null; readonly slot: bigint }[]> {
    if (addresses.length > MAX_CAMPAIGNS_PER_READ) throw new RangeError(`at most ${MAX_CAMPAIGNS_PER_READ} campaigns per read, not ${addresses.length}`);
    const keys = addresses.map(parseKey);
    const valid = keys.filter((key): key is PublicKey => key !== null);
    if (valid.length === 0) return addresses.map(() => ({ view: null, slot: 0n }));
    const { context, value } = await rpcCall("getCampaign", () =>
      this.connection.getMultipleAccountsInfoAndContext(valid.flatMap((key) => [key, vaultPda(key)]), this.commitment),
    );
    const slot = BigInt(context.slot);
    let next = 0;
    return keys.map((key) => {
      if (key === null) return { view: null, slot };
      const [info, vault] = [value[next * 2], value[next * 2 + 1]];
      next += 1;
      const campaign = this.decode<CampaignAccount>("campaign", info ?? null);
      // Remembered as `getCampaign`'s are: the indexer reads a campaign after each of its events,
      // so the flags that answer a submission's announcement start from it (one round of reads).
      return { view: campaign === null ? null : this.remember(campaignView(key, campaign, vault ? tokenAmount(vault.data) : 0n)), slot };
    });
  }

  async getHolder(campaign: string, owner: string): Promise<HolderView | null> {
    const [campaignKey, ownerKey] = [parseKey(campaign), parseKey(owner)];
    if (campaignKey === null || ownerKey === null) return null;
    const holder = await this.fetch<HolderAccount>("holderRecord", holderPda(campaignKey, ownerKey), "getHolder");
    return holder && holderView(holder);
  }

  async hasFlagged(campaign: string, milestoneIndex: number, attempt: number, owner: string): Promise<boolean> {
    const [campaignKey, ownerKey] = [parseKey(campaign), parseKey(owner)];
    if (campaignKey === null || ownerKey === null) return false;
    const address = flagPda(campaignKey, milestoneIndex, attempt, ownerKey);
    return (await this.fetch("flagRecord", address, "hasFlagged")) !== null;
  }

  async hasSupportedStale(campaign: string, round: number, owner: string): Promise<boolean> {
    const [campaignKey, ownerKey] = [parseKey(campaign), parseKey(owner)];
    if (campaignKey === null || ownerKey === null) return false;
    return (await this.fetch("staleVote", staleVotePda(campaignKey, round, ownerKey), "hasSupportedStale")) !== null;
  }

  async listCampaigns(): Promise<CampaignView[]> {
    const discriminator = bs58.encode(this.discriminator("campaign"));
    const accounts = await rpcCall("listCampaigns", () =>
      this.connection.getProgramAccounts(PROGRAM_ID, {
        commitment: this.commitment,
        filters: [{ memcmp: { offset: 0, bytes: discriminator } }],
      }),
    );
    const campaigns = accounts.flatMap(({ pubkey, account }) => {
      const decoded = this.decode<CampaignAccount>("campaign", account);
      return decoded ? [{ pubkey, decoded }] : [];
    });
    const vaults = await this.multiple(
      "listCampaigns",
      campaigns.map(({ pubkey }) => vaultPda(pubkey)),
    );
    return campaigns.map(({ pubkey, decoded }, i) => {
      const vault = vaults[i];
      return campaignView(pubkey, decoded, vault ? tokenAmount(vault.data) : 0n);
    });
  }

  async getResearcher(researcher: string): Promise<ResearcherView | null> {
    const key = parseKey(researcher);
    if (key === null) return null;
    const record = await this.fetch<ResearcherAccount>("researcherRecord", researcherPda(key), "getResearcher");
    return record && researcherView(record);
  }

  async getBackerBalance(campaign: string, owner: string): Promise<bigint> {
    const [campaignKey, ownerKey] = [parseKey(campaign), parseKey(owner)];
    if (campaignKey === null || ownerKey === null) return 0n;
    const mint = backerMintPda(campaignKey);
    // Every token account the wallet owns for the mint, not only its ATA.
    const { value } = await rpcCall("getBackerBalance", () =>
      this.connection.getTokenAccountsByOwner(ownerKey, { mint }, this.commitment),
    );
    return value.reduce((sum, { account }) => sum + tokenAmount(account.data), 0n);
  }

  async getAdmin(): Promise<string | null> {
    const config = await this.fetch<{ admin: PublicKey }>("config", configPda(), "getAdmin");
    return config && config.admin.toBase58();
  }

  async getBackerFunds(campaign: string, owner: string): Promise<BackerFunds> {
    const [campaignKey, ownerKey] = [parseKey(campaign), parseKey(owner)];
    if (campaignKey === null || ownerKey === null) return { usdc: null, lamports: 0n, backerAccountRent: 0n };
    const mint = await this.configuredUsdcMint();
    const keys = [associatedTokenAddress(ownerKey, mint), associatedTokenAddress(ownerKey, backerMintPda(campaignKey)), ownerKey];
    const [usdc, backerTokens, wallet] = await rpcCall("getBackerFunds", () => this.connection.getMultipleAccountsInfo(keys, this.commitment));
    return {
      usdc: usdc ? tokenAmount(usdc.data) : null,
      lamports: BigInt(wallet?.lamports ?? 0),
      backerAccountRent: backerTokens ? 0n : await this.rentOfTokenAccount(),
    };
  }

  private async configuredUsdcMint(): Promise<PublicKey> {
    if (this.usdcMint === null) {
      const config = await this.fetch<{ usdcMint: PublicKey }>("config", configPda(), "getBackerFunds");
      if (config === null) throw new TypeError("the PepFund config is not initialised: no USDC mint");
      this.usdcMint = config.usdcMint;
    }
    return this.usdcMint;
  }

  private async rentOfTokenAccount(): Promise<bigint> {
    this.tokenAccountRent ??= BigInt(
      await rpcCall("getBackerFunds", () => this.connection.getMinimumBalanceForRentExemption(TOKEN_ACCOUNT_SIZE, this.commitment)),
    );
    return this.tokenAccountRent;
  }

  private async fetch<T>(name: AccountName, address: PublicKey, operation: string): Promise<T | null> {
    const [info] = await this.batch.read(operation, [address]);
    return this.decode<T>(name, info ?? null);
  }

  private async multiple(operation: string, keys: PublicKey[]): Promise<(AccountInfo<Buffer> | null)[]> {
    const pages: (AccountInfo<Buffer> | null)[][] = [];
    for (let start = 0; start < keys.length; start += MULTIPLE_ACCOUNTS_LIMIT) {
      const page = keys.slice(start, start + MULTIPLE_ACCOUNTS_LIMIT);
      pages.push(await rpcCall(operation, () => this.connection.getMultipleAccountsInfo(page, this.commitment)));
    }
    return pages.flat();
  }

  /** The decoded account, or `null` when it is absent, not the program's, or another type. */
  private decode<T>(name: AccountName, info: AccountInfo<Buffer> | null): T | null {
    if (info === null || !info.owner.equals(PROGRAM_ID)) return null;
    const discriminator = this.discriminator(name);
    if (!info.data.subarray(0, discriminator.length).equals(discriminator)) return null;
    return this.program.coder.accounts.decode<T>(name, info.data);
  }

  /** The account type's 8-byte discriminator, from the IDL. */
  private discriminator(name: AccountName): Buffer {
    const account = this.program.idl.accounts.find((a) => a.name === name);
    if (account === undefined) throw new TypeError(`the IDL has no account ${name}`);
    return Buffer.from(account.discriminator);
  }
}
