/**
 * A configured protocol on a test chain: the admin, the USDC mint, the relay key, and an
 * Anchor client per signer (each actor pays its own fees with `.rpc()`, as a wallet would).
 */
import type { Keypair, PublicKey } from "@solana/web3.js";
import { configInit } from "../../../../bot/chain/instructions.js";
import { type PepfundProgram, pepfundProgram } from "../../../../bot/chain/program.js";
import type { TestChain } from "./localnet.js";

/** Allocations of the test config, in bps of the amount raised (as in the program tests). */
export const RESEARCHER_ALLOCATION_BPS = 500;
export const PROTOCOL_ALLOCATION_BPS = 200;

export class Protocol {
  private readonly programs = new Map<string, PepfundProgram>();

  private constructor(
    readonly chain: TestChain,
    /** The admin authority: approves campaigns and resolves disputes. */
    readonly admin: Keypair,
    readonly usdcMint: PublicKey,
    readonly treasury: Keypair,
    /** The relayer's key: the delegate holders name; pays flag-record rent. */
    readonly relay: Keypair,
  ) {}

  /**
   * Creates the USDC mint and runs `config_init`, signed and paid by the chain's deployer
   * (the program's upgrade authority, the only key the program accepts), who also becomes
   * the admin, as a deployer would name themselves before handing over to a multisig.
   * `configure` runs the step some other way (the end-to-end tests use the CLI).
   */
  static async init(chain: TestChain, configure: (protocol: Protocol) => Promise<void> = configureDirectly): Promise<Protocol> {
    const admin = chain.deployer;
    const [treasury, relay] = await Promise.all([chain.fundedKeypair(1), chain.fundedKeypair(), chain.airdrop(admin.publicKey, 10)]);
    const usdcMint = await chain.createMint(6);
    const protocol = new Protocol(chain, admin, usdcMint, treasury, relay);
    await configure(protocol);
    return protocol;
  }

  /** The program client whose provider wallet (fee payer and signer) is `signer`. */
  as(signer: Keypair): PepfundProgram {
    const key = signer.publicKey.toBase58();
    let program = this.programs.get(key);
    if (program === undefined) {
      program = pepfundProgram(this.chain.connection, signer);
      this.programs.set(key, program);
    }
    return program;
  }
}

/** `config_init` sent from the test (the deployer signs and pays; it names itself admin). */
async function configureDirectly(protocol: Protocol): Promise<void> {
  const { admin, usdcMint, treasury } = protocol;
  await configInit(protocol.as(admin), {
    payer: admin.publicKey,
    usdcMint,
    args: {
      admin: admin.publicKey,
      treasury: treasury.publicKey,
      researcherAllocationBps: RESEARCHER_ALLOCATION_BPS,
      protocolAllocationBps: PROTOCOL_ALLOCATION_BPS,
    },
  }).rpc();
}
