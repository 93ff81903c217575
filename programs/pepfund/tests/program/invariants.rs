//! Tests: invariants (being written).
