//! `stepwise check`: verify a derivation someone else wrote, step by step.
pub mod latex;
