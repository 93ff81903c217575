//! Tests: double_count (being written).
