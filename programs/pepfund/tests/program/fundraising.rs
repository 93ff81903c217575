//! Tests: fundraising (being written).
