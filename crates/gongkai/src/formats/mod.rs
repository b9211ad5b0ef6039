//! Format validators and detectors.
