//! Route-exchange domains and the CIDR overlap sweep.
