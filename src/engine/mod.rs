//! Strategies: which rules to apply where, how much one printed step holds, and when
//! to stop.
//!
//! How a proof of `lhs = rhs` is found:
//! - **Phases** ([`chain`]): each side is a chain of checked steps, grown phase by
//!   phase: unfold definitions, differentiate, light algebra, expansion. A phase
//!   applies the first rule of its table that fits anywhere, at every place it fits,
//!   as one step, until none fits. Every step is checked numerically before it joins
//!   the chain.
//! - **Meeting** ([`search`]): after each phase the proof looks for the first pair of
//!   forms the two chains share, and joins the left chain to the right one read
//!   backwards (a reversed step prints its rule's inverse name). Two normal forms that
//!   differ only in how a fraction is written are joined by cross-multiplying; a goal
//!   with a Kronecker delta is proven once for each case of its indices.
//! - **Branches** ([`policies`]): after the light algebra, copies of the chains try a
//!   fold back into the defined symbols and a joining of logarithms, kept only if they
//!   meet. Which context a goal is proven in (built-in definitions unfolded at once, or
//!   known derivatives cited first) and how a derivative is tidied are chosen there too.
//! - **Shortening** ([`policies`]): a found derivation has its detours cut
//!   (`crate::shorten`) and its bookkeeping merged into the steps it serves
//!   (`crate::merge`), and debug builds assert that every step it prints is honest.

mod chain;
mod policies;
mod search;

pub use chain::Limits;
pub use policies::{derive, prove_goal};
pub use search::{prove, prove_by_cases, Counterexample, Outcome};
