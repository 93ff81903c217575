/**
 * A running localnet for chain tests: the unmodified web3.js `Connection` (HTTP + the
 * WebSocket on port + 1) and the localnet's test-only methods (clock, mints, faults).
 * One localnet per test file: the config PDA is a singleton, so files must not share a bank.
 */
import { type Connection, Keypair, LAMPORTS_PER_SOL, PublicKey, SYSVAR_CLOCK_PUBKEY } from "@solana/web3.js";
import { localnetRpc, startLocalnet } from "../../../../localnet/launch.js";
import { PollingConnection } from "../../../../bot/chain/polling-connection.js";

/** Fault injection of the localnet (`localnet_setFaults`). */
export interface Faults {
  dropNextTransactions?: number;
  failNextRequests?: number;
  rateLimitNextRequests?: number;
  delayMs?: number;
}

/** Byte offset of `unix_timestamp` in the Clock sysvar (after slot, epoch start, epoch, leader epoch). */
const CLOCK_UNIX_TIMESTAMP_OFFSET = 32;

export class TestChain {
  private constructor(
    /** The program's upgrade authority: the key that may run `config_init` (unfunded). */
    readonly deployer: Keypair,
    readonly rpcUrl: string,
    readonly wsUrl: string,
    readonly connection: Connection,
    private readonly stopLocalnet: () => Promise<void>,
  ) {}

  /** Starts a fresh localnet (a new bank) with a new deployer as upgrade authority, and connects to it. */
  static async start(): Promise<TestChain> {
    const deployer = Keypair.generate();
    const localnet = await startLocalnet({ upgradeAuthority: deployer.publicKey.toBase58() });
    const connection = new PollingConnection(localnet.rpcUrl, { commitment: "confirmed", wsEndpoint: localnet.wsUrl });
    return new TestChain(deployer, localnet.rpcUrl, localnet.wsUrl, connection, () => localnet.stop());
  }

  stop(): Promise<void> {
    return this.stopLocalnet();
  }

  /** A test-only method of the localnet. */
  rpc<T>(method: string, params: unknown[]): Promise<T> {
    return localnetRpc<T>(this.rpcUrl, method, params);
  }

  /** The clock (Unix seconds) of the latest confirmed slot. */
  async now(): Promise<number> {
    const clock = await this.connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY);
    if (clock === null) throw new Error("no Clock sysvar");
    return Number(clock.data.readBigInt64LE(CLOCK_UNIX_TIMESTAMP_OFFSET));
  }

  /**
   * Moves the clock, then waits until a confirmed slot carries it: transactions are
   * simulated (preflight) at "confirmed", as on a real cluster, so until then they would
   * still see the old time.
   */
  async advanceClock(seconds: number): Promise<void> {
    const target = await this.rpc<number>("localnet_advanceClock", [seconds]);
    while ((await this.now()) < target) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  async setFaults(faults: Faults): Promise<void> {
    await this.rpc("localnet_setFaults", [faults]);
  }

  /** A USDC-like SPL mint (6 decimals by default). */
  async createMint(decimals = 6): Promise<PublicKey> {
    return new PublicKey(await this.rpc<string>("localnet_createMint", [{ decimals }]));
  }

  /** Mints `amount` base units to `owner`'s ATA (created if needed); returns the ATA. */
  async mintTo(mint: PublicKey, owner: PublicKey, amount: bigint): Promise<PublicKey> {
    const ata = await this.rpc<string>("localnet_mintTo", [mint.toBase58(), owner.toBase58(), Number(amount)]);
    return new PublicKey(ata);
  }

  /** A new keypair holding `sol` SOL (through the standard `requestAirdrop`). */
  async fundedKeypair(sol = 10): Promise<Keypair> {
    const keypair = Keypair.generate();
    await this.airdrop(keypair.publicKey, sol);
    return keypair;
  }

  async airdrop(to: PublicKey, sol: number): Promise<void> {
    const blockhash = await this.connection.getLatestBlockhash();
    const signature = await this.connection.requestAirdrop(to, sol * LAMPORTS_PER_SOL);
    await this.connection.confirmTransaction({ signature, ...blockhash }, "confirmed");
  }

  /** The SPL token balance of `account` (0 when it does not exist). */
  async tokenBalance(account: PublicKey): Promise<bigint> {
    const info = await this.connection.getAccountInfo(account);
    if (info === null) return 0n;
    const { value } = await this.connection.getTokenAccountBalance(account);
    return BigInt(value.amount);
  }
}
