/** Wallet-signed actions, apart from ports.ts so notices can name them without a cycle. */

/**
 * An action only the user's own wallet may sign (the program requires that signer): the
 * chain adapter builds the transaction, the signing page has the wallet sign it, the
 * relayer adds the fee and sends it.
 */
export type WalletAction =
  | {
      readonly kind: "milestoneSubmit";
      readonly campaign: string;
      readonly researcher: string;
      readonly milestoneIndex: number;
      readonly evidenceId: string;
      /** Hex SHA-256 of the evidence bytes. */
      readonly evidenceSha256: string;
    }
  | {
      readonly kind: "disputeResolve";
      readonly campaign: string;
      readonly admin: string;
      readonly milestoneIndex: number;
      readonly approve: boolean;
      /** Arweave id of the written reasons. */
      readonly reasonId: string;
    }
  | {
      readonly kind: "holderDeposit";
      readonly campaign: string;
      readonly owner: string;
      readonly amount: bigint;
      /**
       * Also names this delegate, in the same transaction before the deposit (`holder_set_delegate`
       * then `holder_deposit`): a first deposit and the holder's consent in one signature.
       */
      readonly delegate?: string;
    }
  | { readonly kind: "holderSetDelegate"; readonly campaign: string; readonly owner: string; readonly delegate: string | null }
  | { readonly kind: "holderWithdraw"; readonly campaign: string; readonly owner: string; readonly amount: bigint }
  | {
      readonly kind: "refundClaim";
      readonly campaign: string;
      readonly owner: string;
      /** Backer tokens burned (those in the wallet, plus `withdraw`). */
      readonly tokens: bigint;
      /**
       * Deposited tokens first taken back to the wallet, in the same transaction
       * (`holder_withdraw` then `refund_claim`), so they are refunded too.
       */
      readonly withdraw?: bigint;
    };
