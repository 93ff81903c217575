/**
 * One builder per program instruction, every account named explicitly (`accountsStrict`)
 * from the PDA helpers, so the program's seed constraints check the helpers on every call.
 * Each returns Anchor's method builder: `.rpc()` to send with the provider wallet,
 * `.instruction()` to compose a transaction (the relayer does).
 */
import type { BN, IdlTypes } from "@coral-xyz/anchor";
import { type PublicKey, SystemProgram } from "@solana/web3.js";
import {
  allocationMintPda,
  backerMintPda,
  campaignPda,
  configPda,
  depositsPda,
  flagPda,
  holderPda,
  programDataPda,
  researcherPda,
  staleVotePda,
  vaultPda,
} from "./pdas.js";
import { PROGRAM_ID, type PepfundProgram, type Pepfund } from "./program.js";
import { TOKEN_PROGRAM_ID, associatedTokenAddress } from "./token.js";

type Types = IdlTypes<Pepfund>;
/** A roadmap milestone as `campaign_create` takes it. */
export type MilestoneInput = Types["milestoneInput"];
/** 32 raw bytes: an Arweave id, a SHA-256, or a reason id. */
export type Bytes32 = number[];

const system = SystemProgram.programId;
const tokenProgram = TOKEN_PROGRAM_ID;

/** `payer` must be the program's upgrade authority (recorded in its ProgramData account). */
export function configInit(
  program: PepfundProgram,
  a: { payer: PublicKey; usdcMint: PublicKey; args: Types["configInitArgs"] },
) {
  return program.methods.configInit(a.args).accountsStrict({
    config: configPda(),
    usdcMint: a.usdcMint,
    program: PROGRAM_ID,
    programData: programDataPda(),
    payer: a.payer,
    systemProgram: system,
  });
}

/** Every field at once (the program takes them all): read the config first to change one. */
export function configUpdate(program: PepfundProgram, a: { admin: PublicKey; args: Types["configUpdateArgs"] }) {
  return program.methods.configUpdate(a.args).accountsStrict({ config: configPda(), admin: a.admin });
}

/** The pending admin named by `config_update` takes the role. */
export function configAcceptAdmin(program: PepfundProgram, a: { newAdmin: PublicKey }) {
  return program.methods.configAcceptAdmin().accountsStrict({ config: configPda(), newAdmin: a.newAdmin });
}

export function campaignCreate(
  program: PepfundProgram,
  a: { researcher: PublicKey; usdcMint: PublicKey; args: Types["campaignCreateArgs"] },
) {
  const campaign = campaignPda(a.researcher, BigInt(a.args.id.toString()));
  return program.methods.campaignCreate(a.args).accountsStrict({
    config: configPda(),
    campaign,
    researcherRecord: researcherPda(a.researcher),
    backerMint: backerMintPda(campaign),
    allocationMint: allocationMintPda(campaign),
    vault: vaultPda(campaign),
    deposits: depositsPda(campaign),
    usdcMint: a.usdcMint,
    researcher: a.researcher,
    tokenProgram,
    systemProgram: system,
  });
}

export function campaignEdit(
  program: PepfundProgram,
  a: { campaign: PublicKey; researcher: PublicKey; args: Types["campaignEditArgs"] },
) {
  return program.methods.campaignEdit(a.args).accountsStrict({ campaign: a.campaign, researcher: a.researcher });
}

export function campaignSubmitForReview(program: PepfundProgram, a: { campaign: PublicKey; researcher: PublicKey }) {
  return program.methods.campaignSubmitForReview().accountsStrict({ campaign: a.campaign, researcher: a.researcher });
}

export function campaignApprove(program: PepfundProgram, a: { campaign: PublicKey; admin: PublicKey }) {
  return program.methods
    .campaignApprove()
    .accountsStrict({ config: configPda(), campaign: a.campaign, admin: a.admin });
}

/** The backer pays from their USDC ATA and receives backer tokens in their backer-mint ATA. */
export function contribute(
  program: PepfundProgram,
  a: { campaign: PublicKey; backer: PublicKey; usdcMint: PublicKey; amount: BN },
) {
  const backerMint = backerMintPda(a.campaign);
  return program.methods.contribute(a.amount).accountsStrict({
    campaign: a.campaign,
    vault: vaultPda(a.campaign),
    backerMint,
    backerUsdc: associatedTokenAddress(a.backer, a.usdcMint),
    backerTokens: associatedTokenAddress(a.backer, backerMint),
    backer: a.backer,
    tokenProgram,
  });
}

export function fundraisingClose(program: PepfundProgram, a: { campaign: PublicKey; authority: PublicKey }) {
  return program.methods
    .fundraisingClose()
    .accountsStrict({ config: configPda(), campaign: a.campaign, authority: a.authority });
}

/**
 * Permissionless: mints the researcher's (`protocol` false) or the treasury's (`protocol`
 * true) allocation into `recipient`'s allocation-token ATA, which must exist.
 */
export function allocationClaim(
  program: PepfundProgram,
  a: { campaign: PublicKey; recipient: PublicKey; protocol: boolean },
) {
  const allocationMint = allocationMintPda(a.campaign);
  return program.methods.allocationClaim(a.protocol).accountsStrict({
    config: configPda(),
    campaign: a.campaign,
    allocationMint,
    recipient: associatedTokenAddress(a.recipient, allocationMint),
    tokenProgram,
  });
}

export function holderDeposit(program: PepfundProgram, a: { campaign: PublicKey; owner: PublicKey; amount: BN }) {
  return program.methods.holderDeposit(a.amount).accountsStrict({
    campaign: a.campaign,
    holderRecord: holderPda(a.campaign, a.owner),
    deposits: depositsPda(a.campaign),
    ownerTokens: associatedTokenAddress(a.owner, backerMintPda(a.campaign)),
    owner: a.owner,
    tokenProgram,
    systemProgram: system,
  });
}

export function holderWithdraw(program: PepfundProgram, a: { campaign: PublicKey; owner: PublicKey; amount: BN }) {
  return program.methods.holderWithdraw(a.amount).accountsStrict({
    campaign: a.campaign,
    holderRecord: holderPda(a.campaign, a.owner),
    deposits: depositsPda(a.campaign),
    ownerTokens: associatedTokenAddress(a.owner, backerMintPda(a.campaign)),
    owner: a.owner,
    tokenProgram,
  });
}

/** `delegate` = `PublicKey.default` revokes. */
export function holderSetDelegate(
  program: PepfundProgram,
  a: { campaign: PublicKey; owner: PublicKey; delegate: PublicKey },
) {
  return program.methods.holderSetDelegate(a.delegate).accountsStrict({
    campaign: a.campaign,
    holderRecord: holderPda(a.campaign, a.owner),
    owner: a.owner,
    systemProgram: system,
  });
}

export function milestoneSubmit(
  program: PepfundProgram,
  a: { campaign: PublicKey; researcher: PublicKey; milestoneIndex: number; evidenceId: Bytes32; evidenceHash: Bytes32 },
) {
  return program.methods
    .milestoneSubmit({ milestoneIndex: a.milestoneIndex, evidenceId: a.evidenceId, evidenceHash: a.evidenceHash })
    .accountsStrict({
      campaign: a.campaign,
      backerMint: backerMintPda(a.campaign),
      allocationMint: allocationMintPda(a.campaign),
      researcher: a.researcher,
    });
}

/** `authority` is the owner or the owner's delegate; `payer` pays the flag record's rent. */
export function flagSubmit(
  program: PepfundProgram,
  a: {
    campaign: PublicKey;
    owner: PublicKey;
    authority: PublicKey;
    payer: PublicKey;
    milestoneIndex: number;
    attempt: number;
    rationale: Bytes32;
  },
) {
  return program.methods
    .flagSubmit({ milestoneIndex: a.milestoneIndex, attempt: a.attempt, rationale: a.rationale })
    .accountsStrict({
      campaign: a.campaign,
      holderRecord: holderPda(a.campaign, a.owner),
      flagRecord: flagPda(a.campaign, a.milestoneIndex, a.attempt, a.owner),
      authority: a.authority,
      payer: a.payer,
      systemProgram: system,
    });
}

/** Permissionless: pays the researcher's USDC ATA when the window closed without quorum. */
export function milestoneFinalize(
  program: PepfundProgram,
  a: { campaign: PublicKey; researcher: PublicKey; usdcMint: PublicKey; milestoneIndex: number },
) {
  return program.methods.milestoneFinalize(a.milestoneIndex).accountsStrict({
    campaign: a.campaign,
    vault: vaultPda(a.campaign),
    researcherUsdc: associatedTokenAddress(a.researcher, a.usdcMint),
    researcherRecord: researcherPda(a.researcher),
    tokenProgram,
  });
}

export function disputeResolve(
  program: PepfundProgram,
  a: {
    campaign: PublicKey;
    researcher: PublicKey;
    usdcMint: PublicKey;
    admin: PublicKey;
    milestoneIndex: number;
    approve: boolean;
    reason: Bytes32;
  },
) {
  return program.methods
    .disputeResolve({ milestoneIndex: a.milestoneIndex, approve: a.approve, reason: a.reason })
    .accountsStrict({
      config: configPda(),
      campaign: a.campaign,
      vault: vaultPda(a.campaign),
      researcherUsdc: associatedTokenAddress(a.researcher, a.usdcMint),
      researcherRecord: researcherPda(a.researcher),
      admin: a.admin,
      tokenProgram,
    });
}

/** Permissionless from the dispute deadline on: the unresolved dispute lapses. */
export function disputeLapse(program: PepfundProgram, a: { campaign: PublicKey; researcher: PublicKey; milestoneIndex: number }) {
  return program.methods.disputeLapse(a.milestoneIndex).accountsStrict({
    campaign: a.campaign,
    researcherRecord: researcherPda(a.researcher),
  });
}

type StaleVoteAccounts = { campaign: PublicKey; owner: PublicKey; authority: PublicKey; payer: PublicKey; round: number };

export function staleOpen(program: PepfundProgram, a: StaleVoteAccounts) {
  return program.methods.staleOpen(a.round).accountsStrict({
    campaign: a.campaign,
    backerMint: backerMintPda(a.campaign),
    holderRecord: holderPda(a.campaign, a.owner),
    staleVote: staleVotePda(a.campaign, a.round, a.owner),
    authority: a.authority,
    payer: a.payer,
    systemProgram: system,
  });
}

export function staleSupport(program: PepfundProgram, a: StaleVoteAccounts) {
  return program.methods.staleSupport(a.round).accountsStrict({
    campaign: a.campaign,
    holderRecord: holderPda(a.campaign, a.owner),
    staleVote: staleVotePda(a.campaign, a.round, a.owner),
    authority: a.authority,
    payer: a.payer,
    systemProgram: system,
  });
}

export function staleFinalize(program: PepfundProgram, a: { campaign: PublicKey; researcher: PublicKey }) {
  return program.methods.staleFinalize().accountsStrict({
    campaign: a.campaign,
    backerMint: backerMintPda(a.campaign),
    researcherRecord: researcherPda(a.researcher),
  });
}

/** Burns `tokens` backer tokens from the backer's ATA for USDC into their USDC ATA. */
export function refundClaim(
  program: PepfundProgram,
  a: { campaign: PublicKey; backer: PublicKey; usdcMint: PublicKey; tokens: BN },
) {
  const backerMint = backerMintPda(a.campaign);
  return program.methods.refundClaim(a.tokens).accountsStrict({
    campaign: a.campaign,
    vault: vaultPda(a.campaign),
    backerMint,
    backerTokens: associatedTokenAddress(a.backer, backerMint),
    backerUsdc: associatedTokenAddress(a.backer, a.usdcMint),
    backer: a.backer,
    tokenProgram,
  });
}
