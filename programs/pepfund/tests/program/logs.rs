//! Tests: logs (being written).
