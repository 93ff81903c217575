//! Faults a real RPC provider shows, injected on demand (`localnet_setFaults`) so the
//! relayer and indexer can be tested against them. Test-only methods are never affected.

use serde::Deserialize;
use serde_json::{json, Value};

/// What `localnet_setFaults` sets; a field left out keeps its current value.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultPlan {
    /// Accept the next n transactions (return their signature) and never process them.
    pub drop_next_transactions: Option<u32>,
    /// Answer the next n HTTP requests with HTTP 500 and a JSON-RPC internal error.
    pub fail_next_requests: Option<u32>,
    /// Answer the next n HTTP requests with HTTP 429 and `Retry-After`.
    pub rate_limit_next_requests: Option<u32>,
    /// Delay every HTTP request by this many milliseconds (0 turns it off).
    pub delay_ms: Option<u64>,
}

#[derive(Debug, Default)]
pub struct Faults {
    drop_transactions: u32,
    fail_requests: u32,
    rate_limit_requests: u32,
    pub delay_ms: u64,
}

/// What to do with the next HTTP request.
#[derive(Debug, PartialEq, Eq)]
pub enum RequestFault {
    None,
    Fail,
    RateLimit,
}

impl Faults {
    pub fn apply(&mut self, plan: FaultPlan) {
        if let Some(n) = plan.drop_next_transactions {
            self.drop_transactions = n;
        }
        if let Some(n) = plan.fail_next_requests {
            self.fail_requests = n;
        }
        if let Some(n) = plan.rate_limit_next_requests {
            self.rate_limit_requests = n;
        }
        if let Some(ms) = plan.delay_ms {
            self.delay_ms = ms;
        }
    }

    pub fn describe(&self) -> Value {
        json!({
            "dropNextTransactions": self.drop_transactions,
            "failNextRequests": self.fail_requests,
            "rateLimitNextRequests": self.rate_limit_requests,
            "delayMs": self.delay_ms,
        })
    }

    /// True when this transaction is to be dropped (and counts it).
    pub fn take_drop(&mut self) -> bool {
        let drop = self.drop_transactions > 0;
        self.drop_transactions = self.drop_transactions.saturating_sub(1);
        drop
    }

    /// The fault for the next request (and counts it): rate limits first, then failures.
    pub fn take_request_fault(&mut self) -> RequestFault {
        if self.rate_limit_requests > 0 {
            self.rate_limit_requests -= 1;
            RequestFault::RateLimit
        } else if self.fail_requests > 0 {
            self.fail_requests -= 1;
            RequestFault::Fail
        } else {
            RequestFault::None
        }
    }
}
