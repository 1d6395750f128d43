//! Forward and return traces, verdicts, scenarios and fixes.
