//! `pepfund-localnet`: the pepfund program, run natively in a real bank, behind standard
//! Solana JSON-RPC (HTTP, port P) and pubsub (WebSocket, port P+1). See docs/LOCALNET.md.

mod ledger;
mod node;
mod rpc;
mod server;

use node::Node;
use solana_sdk::pubkey::Pubkey;
use std::{
    path::PathBuf,
    str::FromStr,
    sync::{
        mpsc::{Receiver, RecvTimeoutError},
        Arc,
    },
    time::{Duration, Instant},
};
use tokio::net::TcpListener;

struct Options {
    port: u16,
    /// Recorded in pepfund's ProgramData: the one key `config_init` accepts. `None`: a
    /// program deployed as final, whose config nobody can initialise.
    upgrade_authority: Option<Pubkey>,
    slot_ms: u64,
    blockhash_ms: u64,
    /// `--ledger DIR`: state loaded at start, saved every few seconds and at exit.
    ledger: Option<PathBuf>,
    /// `--exit-on-stdin-eof`: stop (saving the ledger) when stdin closes, i.e. when the
    /// process that started us and holds the pipe's other end dies, however it died.
    exit_on_stdin_eof: bool,
    verbose: bool,
}

/// How often the ledger is saved while running (it is also saved at exit).
const PERSIST_EVERY: Duration = Duration::from_secs(5);

const USAGE: &str = "usage: pepfund-localnet [--port P (default 8899; 0 picks a free pair)] \
[--slot-ms N (idle slot length, default 100)] [--blockhash-ms N (default 400)] \
[--upgrade-authority PUBKEY (pepfund's upgrade authority, the key that may run config_init; default none)] \
[--ledger DIR (load the state saved there, save it every 5 s and at exit; default: memory only)] \
[--exit-on-stdin-eof (stop when stdin closes: the parent died)] [--verbose]";

fn options() -> Result<Options, String> {
    let mut options = Options {
        port: 8899,
        upgrade_authority: None,
        slot_ms: 100,
        blockhash_ms: 400,
        ledger: None,
        exit_on_stdin_eof: false,
        verbose: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            args.next()
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("{name} needs a number\n{USAGE}"))
        };
        match arg.as_str() {
            "--port" => {
                options.port = number("--port")?
                    .try_into()
                    .map_err(|_| "--port must be below 65536".to_string())?
            }
            "--slot-ms" => options.slot_ms = number("--slot-ms")?.max(1),
            "--blockhash-ms" => options.blockhash_ms = number("--blockhash-ms")?.max(1),
            "--upgrade-authority" => {
                let key = args
                    .next()
                    .ok_or_else(|| format!("--upgrade-authority needs a public key\n{USAGE}"))?;
                let key = Pubkey::from_str(&key).map_err(|_| {
                    format!("--upgrade-authority: {key} is not a base58 public key\n{USAGE}")
                })?;
                options.upgrade_authority = Some(key);
            }
            "--ledger" => {
                let dir = args
                    .next()
                    .ok_or_else(|| format!("--ledger needs a directory\n{USAGE}"))?;
                options.ledger = Some(PathBuf::from(dir));
            }
            "--exit-on-stdin-eof" => options.exit_on_stdin_eof = true,
            "--verbose" => options.verbose = true,
            "--help" | "-h" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok(options)
}

/// The HTTP port and the next one for the WebSocket; with port 0, tries free pairs.
async fn bind(port: u16) -> std::io::Result<(TcpListener, TcpListener)> {
    if port != 0 {
        let http = TcpListener::bind(("127.0.0.1", port)).await?;
        let ws = TcpListener::bind(("127.0.0.1", port.wrapping_add(1))).await?;
        return Ok((http, ws));
    }
    let mut last_error = None;
    for _ in 0..50 {
        let http = TcpListener::bind(("127.0.0.1", 0)).await?;
        let port = http.local_addr()?.port();
        if port == u16::MAX {
            continue;
        }
        match TcpListener::bind(("127.0.0.1", port + 1)).await {
            Ok(ws) => return Ok((http, ws)),
            Err(error) => last_error = Some(error),
        }
    }
    Err(last_error.unwrap_or_else(|| std::io::Error::other("no free port pair")))
}

/// The slot clock: ends the working slot as soon as transactions wait in it, or after
/// `slot_ms` when idle, and registers a blockhash every `blockhash_ms` of wall time.
fn start_clock(node: Arc<Node>, requests: Receiver<()>, slot_ms: u64, blockhash_ms: u64) {
    std::thread::spawn(move || {
        let blockhash_every = Duration::from_millis(blockhash_ms);
        let mut last_blockhash = Instant::now();
        let mut last_persist = Instant::now();
        loop {
            match requests.recv_timeout(Duration::from_millis(slot_ms)) {
                // Requests that came while the last slot ended are served by this one.
                Ok(()) => while requests.try_recv().is_ok() {},
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            let mut ledger = node.ledger();
            ledger.end_slot();
            if last_blockhash.elapsed() >= blockhash_every {
                last_blockhash = Instant::now();
                ledger.register_blockhash();
            }
            if last_persist.elapsed() >= PERSIST_EVERY {
                last_persist = Instant::now();
                if let Err(error) = ledger.persist() {
                    eprintln!("pepfund-localnet: cannot save the ledger: {error}");
                }
            }
        }
    });
}

/// Saves the ledger (when `--ledger` is set) and exits: 0 when saved, 1 when not.
fn save_and_exit(node: &Node, verbose: bool) -> ! {
    if verbose {
        eprintln!("pepfund-localnet: stopping");
    }
    match node.ledger().persist() {
        Ok(()) => std::process::exit(0),
        Err(error) => {
            eprintln!("pepfund-localnet: cannot save the ledger at exit: {error}");
            std::process::exit(1);
        }
    }
}

/// Stops when stdin reaches end of file (see `--exit-on-stdin-eof`).
fn exit_on_stdin_eof(node: Arc<Node>, verbose: bool) {
    std::thread::spawn(move || {
        let mut sink = [0u8; 256];
        let mut stdin = std::io::stdin();
        // Anything written is ignored; only the end (or an error) matters.
        while matches!(std::io::Read::read(&mut stdin, &mut sink), Ok(n) if n > 0) {}
        save_and_exit(&node, verbose);
    });
}

async fn shutdown_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let mut terminate = signal(SignalKind::terminate()).expect("SIGTERM handler");
    let mut interrupt = signal(SignalKind::interrupt()).expect("SIGINT handler");
    tokio::select! {
        _ = terminate.recv() => {}
        _ = interrupt.recv() => {}
    }
}

#[tokio::main]
async fn main() {
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    if std::env::var_os("RUST_LOG").is_none() {
        std::env::set_var("RUST_LOG", if options.verbose { "info" } else { "error" });
    }
    ledger::install_native_runtime().await;
    let (http, ws) = match bind(options.port).await {
        Ok(pair) => pair,
        Err(error) => {
            eprintln!(
                "pepfund-localnet: cannot listen on 127.0.0.1:{}: {error}",
                options.port
            );
            std::process::exit(1);
        }
    };
    let (node, slot_requests) = match Node::new(options.upgrade_authority, options.ledger.clone()) {
        Ok(started) => started,
        Err(message) => {
            eprintln!("pepfund-localnet: {message}");
            std::process::exit(1);
        }
    };
    let node = Arc::new(node);
    if let Some(dir) = &options.ledger {
        let ledger = node.ledger();
        eprintln!(
            "pepfund-localnet: ledger {} ({} account(s) restored, first slot {})",
            dir.display(),
            ledger.restored_accounts(),
            ledger.slot(ledger::Commitment::Processed)
        );
    }
    if options.exit_on_stdin_eof {
        exit_on_stdin_eof(node.clone(), options.verbose);
    }
    start_clock(
        node.clone(),
        slot_requests,
        options.slot_ms,
        options.blockhash_ms,
    );
    let http_port = http.local_addr().map(|a| a.port()).unwrap_or_default();
    let ws_port = ws.local_addr().map(|a| a.port()).unwrap_or_default();
    tokio::spawn(server::http::serve(http, node.clone()));
    tokio::spawn(server::ws::serve(ws, node.clone()));
    // Key order as documented: the ready line is read by tools, and by eye.
    let ready = format!(
        r#"{{"ready":true,"rpcUrl":"http://127.0.0.1:{http_port}","wsUrl":"ws://127.0.0.1:{ws_port}","programId":"{}"}}"#,
        pepfund::ID
    );
    println!("{ready}");
    if options.verbose {
        eprintln!("pepfund-localnet: serving on {http_port} (HTTP) and {ws_port} (WebSocket)");
    }
    shutdown_signal().await;
    save_and_exit(&node, options.verbose);
}
