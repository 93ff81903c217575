//! A real bank with pepfund (native), SPL Token and ATA; helpers that read what a user
//! would see (token balances, account state) and move the clock.

use anchor_lang::{AccountDeserialize, InstructionData, ToAccountMetas};
use anchor_spl::associated_token::{get_associated_token_address, spl_associated_token_account};
use anchor_spl::token::spl_token;
use pepfund::state::*;
use solana_program_test::{BanksClientError, ProgramTestContext};
use solana_sdk::{
    account::Account,
    clock::Clock,
    compute_budget::ComputeBudgetInstruction,
    instruction::{Instruction, InstructionError},
    program_pack::Pack,
    pubkey::Pubkey,
    signature::{Keypair, Signer},
    system_instruction,
    transaction::{Transaction, TransactionError},
};

pub const USDC: u64 = 1_000_000;
pub const DAY: i64 = 86_400;

pub struct Env {
    pub ctx: ProgramTestContext,
    pub admin: Keypair,
    pub treasury: Keypair,
    pub usdc_mint: Pubkey,
    usdc_authority: Keypair,
    unique: u32,
}

/// What a transaction printed: the lines a validator would put in `logMessages`.
#[derive(Debug)]
pub struct Sent {
    pub logs: Vec<String>,
}

/// Why a transaction failed, with its logs.
#[derive(Debug)]
pub struct Failed {
    pub error: TransactionError,
    pub logs: Vec<String>,
}

impl Failed {
    /// The custom error code of the failing instruction, if it failed with one.
    pub fn code(&self) -> Option<u32> {
        match &self.error {
            TransactionError::InstructionError(_, InstructionError::Custom(code)) => Some(*code),
            _ => None,
        }
    }
}

pub type SendResult = Result<Sent, Failed>;

/// Asserts that a transaction failed with the given custom error code.
#[track_caller]
pub fn assert_code(result: SendResult, code: u32) {
    match result {
        Ok(_) => panic!("expected error {code}, transaction succeeded"),
        Err(failed) => assert_eq!(
            failed.code(),
            Some(code),
            "expected error {code}, got {:?}; logs: {:#?}",
            failed.error,
            failed.logs
        ),
    }
}

/// Error code of a pepfund error.
pub fn code(error: pepfund::errors::PepfundError) -> u32 {
    u32::from(error)
}

/// Error code of an Anchor framework error.
pub fn anchor_code(error: anchor_lang::error::ErrorCode) -> u32 {
    u32::from(error)
}

/// Replaces every occurrence of `old` among the instruction's accounts by `new` (the
/// attacker's substitution); panics if `old` is not there, so a test cannot attack nothing.
pub fn swap_account(mut ix: Instruction, old: &Pubkey, new: &Pubkey) -> Instruction {
    let mut found = false;
    for meta in ix.accounts.iter_mut().filter(|m| m.pubkey == *old) {
        meta.pubkey = *new;
        found = true;
    }
    assert!(found, "account {old} not in instruction");
    ix
}

pub fn ix<A: ToAccountMetas, D: InstructionData>(accounts: A, data: D) -> Instruction {
    Instruction {
        program_id: pepfund::ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

impl Env {
    /// Starts a bank at a fixed, realistic Unix time, creates USDC and the protocol config
    /// (researcher allocation 5%, protocol allocation 2%).
    /// The admin is also the program's upgrade authority, the one key `config_init` accepts.
    pub async fn new() -> Env {
        let admin = Keypair::new();
        let ctx = pepfund_native_host::program_test(Some(admin.pubkey()))
            .start_with_context()
            .await;
        pepfund_native_host::install_log_routing();
        let mut env = Env {
            ctx,
            admin,
            treasury: Keypair::new(),
            usdc_mint: Pubkey::default(),
            usdc_authority: Keypair::new(),
            unique: 0,
        };
        env.set_time(1_800_000_000).await;
        let admin = env.admin.insecure_clone();
        env.airdrop(&admin.pubkey(), 10_000_000_000).await;
        env.usdc_mint = env.create_mint(&env.usdc_authority.pubkey(), 6).await;
        let ix = crate::ixs::config_init(&env, &admin.pubkey(), 500, 200);
        env.send(&[ix], &[&admin]).await.expect("config_init");
        env
    }

    pub fn treasury_key(&self) -> Pubkey {
        self.treasury.pubkey()
    }

    pub fn payer(&self) -> Keypair {
        self.ctx.payer.insecure_clone()
    }

    /// Sends one transaction paid by the test payer. A compute-budget instruction with a
    /// counter makes every transaction unique, so repeating the same instructions is a
    /// new transaction rather than a duplicate signature.
    pub async fn send(&mut self, ixs: &[Instruction], signers: &[&Keypair]) -> SendResult {
        self.unique += 1;
        let mut all = vec![ComputeBudgetInstruction::set_compute_unit_limit(
            1_400_000 - self.unique,
        )];
        all.extend_from_slice(ixs);
        let payer = self.payer();
        let mut keys: Vec<&Keypair> = vec![&payer];
        keys.extend(
            signers
                .iter()
                .copied()
                .filter(|k| k.pubkey() != payer.pubkey()),
        );
        // The counter above keeps signatures unique, so the bank's latest blockhash can be
        // reused (waiting for a new one is slow). program-test registers a blockhash every
        // slot of wall time, so the context's first one expires in a long test.
        let blockhash = self.latest_blockhash().await;
        let tx = Transaction::new_signed_with_payer(&all, Some(&payer.pubkey()), &keys, blockhash);
        self.process(tx).await
    }

    /// Runs one transaction against the current bank without committing it: `Ok` when it
    /// would succeed now. Answers "can someone still move this money?" without moving it.
    pub async fn simulate(
        &mut self,
        ixs: &[Instruction],
        signers: &[&Keypair],
    ) -> Result<(), TransactionError> {
        let payer = self.payer();
        let mut keys: Vec<&Keypair> = vec![&payer];
        keys.extend(
            signers
                .iter()
                .copied()
                .filter(|k| k.pubkey() != payer.pubkey()),
        );
        let blockhash = self.latest_blockhash().await;
        let tx = Transaction::new_signed_with_payer(ixs, Some(&payer.pubkey()), &keys, blockhash);
        let simulated = self
            .ctx
            .banks_client
            .simulate_transaction_with_commitment(
                tx,
                solana_sdk::commitment_config::CommitmentLevel::Processed,
            )
            .await
            .expect("bank available");
        simulated.result.expect("simulation result")
    }

    async fn latest_blockhash(&mut self) -> solana_sdk::hash::Hash {
        self.ctx
            .banks_client
            .get_latest_blockhash()
            .await
            .expect("latest blockhash")
    }

    /// Sends a transaction as built by the caller (for custom fee payers or raw metas).
    pub async fn process(&mut self, tx: Transaction) -> SendResult {
        let outcome = self
            .ctx
            .banks_client
            .process_transaction_with_metadata(tx)
            .await;
        match outcome {
            Ok(with_meta) => {
                let logs = with_meta
                    .metadata
                    .map(|m| m.log_messages)
                    .unwrap_or_default();
                match with_meta.result {
                    Ok(()) => Ok(Sent { logs }),
                    Err(error) => Err(Failed { error, logs }),
                }
            }
            Err(BanksClientError::TransactionError(error)) => Err(Failed {
                error,
                logs: vec![],
            }),
            Err(BanksClientError::SimulationError { err, logs, .. }) => {
                Err(Failed { error: err, logs })
            }
            Err(other) => panic!("bank unavailable: {other}"),
        }
    }

    pub async fn now(&mut self) -> i64 {
        self.clock().await.unix_timestamp
    }

    async fn clock(&mut self) -> Clock {
        self.ctx
            .banks_client
            .get_sysvar::<Clock>()
            .await
            .expect("clock")
    }

    /// Sets the bank's clock to `unix_timestamp` (the program reads time from the Clock sysvar).
    pub async fn set_time(&mut self, unix_timestamp: i64) {
        let mut clock = self.clock().await;
        clock.unix_timestamp = unix_timestamp;
        self.ctx.set_sysvar(&clock);
    }

    pub async fn advance(&mut self, secs: i64) {
        let now = self.now().await;
        self.set_time(now + secs).await;
    }

    pub async fn airdrop(&mut self, to: &Pubkey, lamports: u64) {
        let payer = self.payer();
        let ix = system_instruction::transfer(&payer.pubkey(), to, lamports);
        self.send(&[ix], &[]).await.expect("airdrop");
    }

    /// A new funded wallet.
    pub async fn user(&mut self) -> Keypair {
        let user = Keypair::new();
        self.airdrop(&user.pubkey(), 1_000_000_000).await;
        user
    }

    pub async fn create_mint(&mut self, authority: &Pubkey, decimals: u8) -> Pubkey {
        let mint = Keypair::new();
        let payer = self.payer();
        let rent = self.ctx.banks_client.get_rent().await.expect("rent");
        let ixs = [
            system_instruction::create_account(
                &payer.pubkey(),
                &mint.pubkey(),
                rent.minimum_balance(spl_token::state::Mint::LEN),
                spl_token::state::Mint::LEN as u64,
                &spl_token::ID,
            ),
            spl_token::instruction::initialize_mint2(
                &spl_token::ID,
                &mint.pubkey(),
                authority,
                None,
                decimals,
            )
            .expect("mint ix"),
        ];
        self.send(&ixs, &[&mint]).await.expect("create mint");
        mint.pubkey()
    }

    /// The owner's associated token account for `mint`, created if missing.
    pub async fn ata(&mut self, owner: &Pubkey, mint: &Pubkey) -> Pubkey {
        let address = get_associated_token_address(owner, mint);
        if self.account(&address).await.is_none() {
            let payer = self.payer();
            let ix = spl_associated_token_account::instruction::create_associated_token_account(
                &payer.pubkey(),
                owner,
                mint,
                &spl_token::ID,
            );
            self.send(&[ix], &[]).await.expect("create ata");
        }
        address
    }

    /// Gives `owner` `amount` USDC in their associated account; returns the account.
    pub async fn fund_usdc(&mut self, owner: &Pubkey, amount: u64) -> Pubkey {
        let ata = self.ata(owner, &self.usdc_mint.clone()).await;
        let authority = self.usdc_authority.insecure_clone();
        let ix = spl_token::instruction::mint_to(
            &spl_token::ID,
            &self.usdc_mint,
            &ata,
            &authority.pubkey(),
            &[],
            amount,
        )
        .expect("mint_to");
        self.send(&[ix], &[&authority]).await.expect("fund usdc");
        ata
    }

    /// Gives `owner` `amount` of any classic mint whose authority is `authority`, in their
    /// associated account; returns the account.
    pub async fn mint_tokens(
        &mut self,
        mint: &Pubkey,
        authority: &Keypair,
        owner: &Pubkey,
        amount: u64,
    ) -> Pubkey {
        let ata = self.ata(owner, mint).await;
        let ix = spl_token::instruction::mint_to(
            &spl_token::ID,
            mint,
            &ata,
            &authority.pubkey(),
            &[],
            amount,
        )
        .expect("mint_to");
        self.send(&[ix], &[authority]).await.expect("mint tokens");
        ata
    }

    pub async fn account(&mut self, address: &Pubkey) -> Option<Account> {
        self.ctx
            .banks_client
            .get_account(*address)
            .await
            .expect("get_account")
    }

    /// Token balance as a wallet would show it; 0 when the account does not exist.
    pub async fn balance(&mut self, token_account: &Pubkey) -> u64 {
        match self.account(token_account).await {
            Some(account) => {
                spl_token::state::Account::unpack(&account.data)
                    .expect("token account")
                    .amount
            }
            None => 0,
        }
    }

    pub async fn mint_supply(&mut self, mint: &Pubkey) -> u64 {
        let account = self.account(mint).await.expect("mint exists");
        spl_token::state::Mint::unpack(&account.data)
            .expect("mint")
            .supply
    }

    pub async fn fetch<T: AccountDeserialize>(&mut self, address: &Pubkey) -> T {
        let account = self.account(address).await.expect("account exists");
        T::try_deserialize(&mut account.data.as_slice()).expect("deserialize")
    }

    pub async fn campaign(&mut self, address: &Pubkey) -> Campaign {
        self.fetch(address).await
    }

    /// Transfers SPL tokens between two accounts of the same owner/mint.
    pub async fn transfer_tokens(
        &mut self,
        from: &Pubkey,
        to: &Pubkey,
        owner: &Keypair,
        amount: u64,
    ) -> SendResult {
        let ix = spl_token::instruction::transfer(
            &spl_token::ID,
            from,
            to,
            &owner.pubkey(),
            &[],
            amount,
        )
        .expect("transfer ix");
        self.send(&[ix], &[owner]).await
    }
}
