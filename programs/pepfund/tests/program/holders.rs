//! Tests: holders (being written).
