//! Exit codes, shared by the command line and by library results that report one
//! (a checked document's [`crate::check::Checked::exit_code`]).

/// An identity that could not be proven, an equation that could not be solved, or a
/// checked step that does not hold.
pub const EXIT_NOT_PROVEN: i32 = 1;
/// Bad input or usage.
pub const EXIT_INPUT: i32 = 2;
/// An engine error: a step failed its check, or a limit was reached.
pub const EXIT_ENGINE: i32 = 3;
/// The output could not be written.
pub const EXIT_OUTPUT: i32 = 4;
