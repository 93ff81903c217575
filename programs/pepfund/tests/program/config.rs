//! Tests: config (being written).
