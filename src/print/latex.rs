//! The LaTeX printer (placeholder until written).
