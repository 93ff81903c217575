//! The pubsub WebSocket (HTTP port + 1): signature, logs and account subscriptions with
//! the notification shapes web3.js validates.

use crate::ledger::{Commitment, Event, TxRecord};
use crate::node::Node;
use crate::rpc::encode::{tx_error, AccountEncoding, Encoding};
use crate::rpc::params::{self, commitment, config};
use crate::rpc::{error_response, RpcError};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use solana_sdk::{account::AccountSharedData, clock::Slot, pubkey::Pubkey, signature::Signature};
use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{broadcast::error::RecvError, mpsc};
use tokio_tungstenite::tungstenite::Message;

static NEXT_SUBSCRIPTION: AtomicU64 = AtomicU64::new(0);

pub async fn serve(listener: TcpListener, node: Arc<Node>) {
    loop {
        if let Ok((stream, _)) = listener.accept().await {
            let _ = stream.set_nodelay(true);
            tokio::spawn(connection(stream, node.clone()));
        }
    }
}

enum Kind {
    Signature {
        signature: Signature,
        received: bool,
    },
    Logs {
        mentions: Option<Pubkey>,
    },
    Account {
        key: Pubkey,
        encoding: AccountEncoding,
    },
}

struct Subscription {
    kind: Kind,
    commitment: Commitment,
}

impl Kind {
    fn notification_method(&self) -> &'static str {
        match self {
            Kind::Signature { .. } => "signatureNotification",
            Kind::Logs { .. } => "logsNotification",
            Kind::Account { .. } => "accountNotification",
        }
    }
}

/// One client's subscriptions and its outgoing messages.
struct Client {
    node: Arc<Node>,
    subscriptions: HashMap<u64, Subscription>,
    out: mpsc::UnboundedSender<Message>,
}

fn notification(method: &str, id: u64, slot: Slot, value: Value) -> Message {
    let message = json!({
        "jsonrpc": "2.0",
        "method": method,
        "params": { "result": { "context": { "slot": slot }, "value": value }, "subscription": id },
    });
    Message::Text(message.to_string())
}

async fn connection(stream: TcpStream, node: Arc<Node>) {
    let Ok(socket) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    let (mut sink, mut source) = socket.split();
    let (out, mut outgoing) = mpsc::unbounded_channel::<Message>();
    tokio::spawn(async move {
        while let Some(message) = outgoing.recv().await {
            if sink.send(message).await.is_err() {
                break;
            }
        }
    });
    let mut events = node.events.subscribe();
    let mut client = Client {
        node,
        subscriptions: HashMap::new(),
        out,
    };
    loop {
        tokio::select! {
            message = source.next() => match message {
                Some(Ok(Message::Text(text))) => client.request(&text),
                Some(Ok(Message::Ping(data))) => { let _ = client.out.send(Message::Pong(data)); }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
            event = events.recv() => match event {
                Ok(event) => client.event(&event),
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            },
        }
    }
}

impl Client {
    fn send(&self, value: Value) {
        let _ = self.out.send(Message::Text(value.to_string()));
    }

    fn request(&mut self, text: &str) {
        let Ok(request) = serde_json::from_str::<Value>(text) else {
            self.send(error_response(
                Value::Null,
                &RpcError::new(-32700, "Parse error"),
            ));
            return;
        };
        let id = request.get("id").cloned().unwrap_or(Value::Null);
        let method = request
            .get("method")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let params = request.get("params").cloned().unwrap_or(Value::Null);
        let result = match method {
            "signatureSubscribe" => self.subscribe_signature(&params),
            "logsSubscribe" => self.subscribe_logs(&params),
            "accountSubscribe" => self.subscribe_account(&params),
            "signatureUnsubscribe" | "logsUnsubscribe" | "accountUnsubscribe" => {
                self.unsubscribe(&params)
            }
            _ => Err(RpcError::new(-32601, "Method not found")),
        };
        match result {
            Ok((result, immediate)) => {
                self.send(json!({ "jsonrpc": "2.0", "result": result, "id": id }));
                if let Some(message) = immediate {
                    let _ = self.out.send(message);
                }
            }
            Err(error) => self.send(error_response(id, &error)),
        }
    }

    fn add(&mut self, kind: Kind, commitment: Commitment) -> u64 {
        let id = NEXT_SUBSCRIPTION.fetch_add(1, Ordering::Relaxed);
        self.subscriptions
            .insert(id, Subscription { kind, commitment });
        id
    }

    fn subscribe_signature(
        &mut self,
        params: &Value,
    ) -> Result<(Value, Option<Message>), RpcError> {
        let signature = params::parse_signature(&params::required::<String>(params, 0)?)?;
        let config = config(params, 1)?;
        let level = commitment(&config)?;
        let received = params::flag(&config, "enableReceivedNotification");
        let id = self.add(
            Kind::Signature {
                signature,
                received,
            },
            level,
        );
        // A signature already at the commitment is notified at once, as by a validator.
        let status = self.node.ledger().status(&signature);
        let immediate = status.filter(|s| s.commitment >= level).map(|s| {
            self.subscriptions.remove(&id);
            notification(
                "signatureNotification",
                id,
                s.record.slot,
                json!({ "err": tx_error(&s.record.err) }),
            )
        });
        Ok((json!(id), immediate))
    }

    fn subscribe_logs(&mut self, params: &Value) -> Result<(Value, Option<Message>), RpcError> {
        let mentions = match params::at(params, 0) {
            Some(Value::String(filter)) if filter == "all" || filter == "allWithVotes" => None,
            Some(Value::Object(filter)) => {
                let keys: Vec<String> = filter
                    .get("mentions")
                    .cloned()
                    .map(serde_json::from_value)
                    .transpose()
                    .map_err(|e| RpcError::invalid_params(format!("Invalid params: {e}.")))?
                    .unwrap_or_default();
                if keys.len() != 1 {
                    return Err(RpcError::invalid_params(
                        "Invalid Request: Only 1 address supported",
                    ));
                }
                Some(params::parse_pubkey(&keys[0])?)
            }
            _ => return Err(RpcError::invalid_params("Invalid params: logs filter")),
        };
        let level = commitment(&config(params, 1)?)?;
        Ok((json!(self.add(Kind::Logs { mentions }, level)), None))
    }

    fn subscribe_account(&mut self, params: &Value) -> Result<(Value, Option<Message>), RpcError> {
        let key = params::pubkey(params, 0)?;
        let config = config(params, 1)?;
        let level = commitment(&config)?;
        let encoding = AccountEncoding::from_config(&config, Encoding::Base58)?;
        Ok((
            json!(self.add(Kind::Account { key, encoding }, level)),
            None,
        ))
    }

    fn unsubscribe(&mut self, params: &Value) -> Result<(Value, Option<Message>), RpcError> {
        let id: u64 = params::required(params, 0)?;
        match self.subscriptions.remove(&id) {
            Some(_) => Ok((json!(true), None)),
            None => Err(RpcError::invalid_params("Invalid subscription id.")),
        }
    }

    fn event(&mut self, event: &Event) {
        match event {
            Event::Received(signature) => self.received(signature),
            Event::Processed { slot, txs, written } => {
                self.landed(*slot, Commitment::Processed, txs, written)
            }
            Event::Committed {
                slot,
                commitment,
                txs,
                written,
            } => self.landed(*slot, *commitment, txs, written),
        }
    }

    fn received(&mut self, signature: &Signature) {
        let slot = self.node.ledger().slot(Commitment::Processed);
        for (id, subscription) in &self.subscriptions {
            if let Kind::Signature {
                signature: wanted,
                received: true,
            } = &subscription.kind
            {
                if wanted == signature {
                    let _ = self.out.send(notification(
                        "signatureNotification",
                        *id,
                        slot,
                        json!("receivedSignature"),
                    ));
                }
            }
        }
    }

    fn landed(&mut self, slot: Slot, level: Commitment, txs: &[Arc<TxRecord>], written: &[Pubkey]) {
        let mut done = vec![];
        for (id, subscription) in &self.subscriptions {
            if subscription.commitment != level {
                continue;
            }
            let method = subscription.kind.notification_method();
            match &subscription.kind {
                Kind::Signature { signature, .. } => {
                    if let Some(tx) = txs.iter().find(|tx| tx.signature == *signature) {
                        let _ = self.out.send(notification(
                            method,
                            *id,
                            slot,
                            json!({ "err": tx_error(&tx.err) }),
                        ));
                        done.push(*id);
                    }
                }
                Kind::Logs { mentions } => {
                    for tx in txs
                        .iter()
                        .filter(|tx| mentions.is_none_or(|key| tx.mentions(&key)))
                    {
                        let value = json!({ "signature": tx.signature.to_string(), "err": tx_error(&tx.err), "logs": tx.logs });
                        let _ = self.out.send(notification(method, *id, slot, value));
                    }
                }
                Kind::Account { key, encoding } => {
                    if written.contains(key) {
                        let value = self.account_value(key, level, *encoding);
                        let _ = self.out.send(notification(method, *id, slot, value));
                    }
                }
            }
        }
        // Signature subscriptions end with their notification.
        for id in done {
            self.subscriptions.remove(&id);
        }
    }

    fn account_value(&self, key: &Pubkey, level: Commitment, encoding: AccountEncoding) -> Value {
        let ledger = self.node.ledger();
        let bank = ledger.bank(level);
        // A closed account is notified as an empty system account, as by a validator.
        let account = bank
            .get_account(key)
            .unwrap_or_else(|| AccountSharedData::new(0, 0, &solana_sdk::system_program::ID));
        crate::rpc::accounts_encode(&bank, &account, encoding)
    }
}
