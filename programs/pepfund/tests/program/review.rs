//! Tests: review (being written).
