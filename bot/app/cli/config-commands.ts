/** `config init` (the post-deploy step) and `config show`. */
import { TOKEN_PROGRAM_ID } from "../../chain/token.js";
import { configInit } from "../../chain/instructions.js";
import { rpcCall } from "../../chain/errors.js";
import { configPda } from "../../chain/pdas.js";
import { MAX_ALLOCATION_BPS } from "../../core/rules/constants.js";
import { CliError, type CliGroup } from "./command.js";
import { loadKeypair, parseAddress } from "./context.js";
import { intOption, readConfig, readConfigOrNull } from "./chain-state.js";
import { signAndSend } from "./send.js";

export const CONFIG_COMMANDS: CliGroup = {
  name: "config",
  summary: "The program's one config: who the admin is, which mint is USDC, the allocations.",
  commands: [
    {
      name: "init",
      summary: "Initialise the config once, right after deploying the program.",
      args: [],
      options: {
        keypair: { type: "string", value: "file", required: true, description: "The program's upgrade authority keypair (signs and pays)." },
        "usdc-mint": { type: "string", value: "mint", required: true, description: "The USDC mint (an SPL Token mint; Token-2022 is refused)." },
        admin: { type: "string", value: "address", required: true, description: "The admin: approves campaigns, resolves disputes (a multisig vault in production)." },
        treasury: { type: "string", value: "address", required: true, description: "Owner of the protocol's allocation tokens." },
        "researcher-allocation-bps": { type: "string", value: "bps", description: "Researcher allocation, bps of the raise (default 500, at most 2000)." },
        "protocol-allocation-bps": { type: "string", value: "bps", description: "Protocol allocation, bps of the raise (default 200, at most 2000)." },
      },
      details: [
        "Only the program's upgrade authority may run it (the program checks the ProgramData account).",
        "It runs once: a second init is refused. Change the values later with admin config-update.",
      ],
      async run(ctx, { options }) {
        const usdcMint = parseAddress(options["usdc-mint"], "--usdc-mint");
        const admin = parseAddress(options.admin, "--admin");
        const treasury = parseAddress(options.treasury, "--treasury");
        const researcherAllocationBps = intOption(options["researcher-allocation-bps"], "researcher-allocation-bps", 0, MAX_ALLOCATION_BPS) ?? 500;
        const protocolAllocationBps = intOption(options["protocol-allocation-bps"], "protocol-allocation-bps", 0, MAX_ALLOCATION_BPS) ?? 200;
        const keypair = await loadKeypair(options.keypair);
        if ((await readConfigOrNull(ctx)) !== null) throw new CliError(`The config ${configPda().toBase58()} already exists: it is initialised once. Use admin config-update to change it.`);
        const mint = await rpcCall("getAccountInfo mint", () => ctx.program.provider.connection.getAccountInfo(usdcMint, "confirmed"));
        if (mint === null || !mint.owner.equals(TOKEN_PROGRAM_ID)) {
          throw new CliError(`--usdc-mint ${usdcMint.toBase58()} is not an SPL Token mint on this cluster.`);
        }
        const instruction = await configInit(ctx.program, {
          payer: keypair.publicKey,
          usdcMint,
          args: { admin, treasury, researcherAllocationBps, protocolAllocationBps },
        }).instruction();
        ctx.io.out(`Config: ${configPda().toBase58()}`);
        await signAndSend(ctx, keypair, [instruction], "config_init");
        ctx.io.out(`Admin: ${admin.toBase58()}`);
      },
    },
    {
      name: "show",
      summary: "Print the config: admin, pending admin, USDC mint, treasury, allocations.",
      args: [],
      options: {},
      async run(ctx) {
        const c = await readConfig(ctx);
        ctx.io.out(`Config: ${configPda().toBase58()}`);
        ctx.io.out(`Admin: ${c.admin.toBase58()}`);
        ctx.io.out(`Pending admin: ${c.pendingAdmin?.toBase58() ?? "none"}`);
        ctx.io.out(`USDC mint: ${c.usdcMint.toBase58()}`);
        ctx.io.out(`Treasury: ${c.treasury.toBase58()}`);
        ctx.io.out(`Researcher allocation: ${c.researcherAllocationBps} bps`);
        ctx.io.out(`Protocol allocation: ${c.protocolAllocationBps} bps`);
        ctx.io.out(`Campaigns created: ${c.campaignCount}`);
      },
    },
  ],
};
