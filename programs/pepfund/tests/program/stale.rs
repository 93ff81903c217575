//! Tests: stale (being written).
