//! The topology graph built from a `ValidInventory` (petgraph).
