/**
 * The instructions of a wallet-signed pool action (the pool half of action-instructions.ts):
 * the pool account is read for its mints and token programs (and to refuse an address that is
 * no pool before the admin signs a dispute decision on it), and a claim first opens the
 * staker's reward-token account, paid by the staker.
 */
import type { PublicKey, TransactionInstruction } from "@solana/web3.js";
import type { PoolWalletAction } from "../../core/wallet-actions.js";
import { poolClaim, poolDisputeResolve, poolStake, poolUnstake, type PoolAccount } from "../pool-instructions.js";
import { BN, PROGRAM_ID, type PepfundProgram } from "../program.js";
import { createAssociatedTokenAccountIdempotent } from "../token.js";
import { addressKey, bytes32 } from "./action-inputs.js";
import { DEFAULT_RETRY, type RetryPolicy, withRetries } from "./rpc.js";
import { RelayInputError } from "./settle.js";

async function readPool(program: PepfundProgram, address: PublicKey, retry: RetryPolicy): Promise<PoolAccount> {
  const info = await withRetries("get pool", () => program.provider.connection.getAccountInfo(address, "confirmed"), retry);
  const notIt = new RelayInputError(`${address.toBase58()} is not a PepFund reward pool`);
  if (info === null || !info.owner.equals(PROGRAM_ID)) throw notIt;
  try {
    return program.coder.accounts.decode<PoolAccount>("pool", info.data);
  } catch {
    throw notIt;
  }
}

export async function poolActionInstructions(
  program: PepfundProgram,
  action: PoolWalletAction,
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<{ readonly instructions: TransactionInstruction[]; readonly signer: PublicKey }> {
  const address = addressKey(action.pool);
  const pool = { address, account: await readPool(program, address, retry) };
  if (action.kind === "poolDisputeResolve") {
    const admin = addressKey(action.admin);
    const reason = bytes32(action.reasonId, "base64url", "the reason id");
    const resolve = await poolDisputeResolve(program, address, { admin, milestoneIndex: action.milestoneIndex, approve: action.approve, reason }).instruction();
    return { instructions: [resolve], signer: admin };
  }
  const owner = addressKey(action.owner);
  switch (action.kind) {
    case "poolStake": {
      const delegate = action.delegate === undefined ? null : addressKey(action.delegate);
      const stake = await poolStake(program, pool, { owner, amount: new BN(action.amount.toString()), delegate }).instruction();
      return { instructions: [stake], signer: owner };
    }
    case "poolUnstake": {
      const unstake = await poolUnstake(program, pool, { owner, amount: new BN(action.amount.toString()) }).instruction();
      return { instructions: [unstake], signer: owner };
    }
    case "poolClaim": {
      const { rewardMint, rewardTokenProgram } = pool.account;
      const open = createAssociatedTokenAccountIdempotent(owner, owner, rewardMint, rewardTokenProgram);
      const claim = await poolClaim(program, pool, { owner }).instruction();
      return { instructions: [open, claim], signer: owner };
    }
  }
}

