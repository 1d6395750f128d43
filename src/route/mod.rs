//! Route tables, derived routes and longest-prefix match.
