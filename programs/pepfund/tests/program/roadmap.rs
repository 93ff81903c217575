//! Tests: roadmap (being written).
