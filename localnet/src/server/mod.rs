//! The network side: HTTP JSON-RPC, the WebSocket pubsub, and injected faults.

pub mod faults;
pub mod http;
pub mod ws;
