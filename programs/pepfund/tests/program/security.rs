//! Tests: security (being written).
