//! Numeric evaluation in `f64` at a point, the ground truth every step is checked
//! against. A point gives each symbol a value the first time it is seen, so two
//! expressions evaluated at one [`Point`] see the same values. Index variables get a
//! position in `1..=d`, sum bounds an integer dimension, and a `d/dx` is evaluated by
//! a central finite difference (with Richardson extrapolation), independently of the
//! differentiation rules it is used to check.

use crate::expr::{Builtin, Expr, Func, Index, Node, Symbol};
use num_traits::ToPrimitive;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

/// A multiply-and-rotate hasher (the Fx hash of rustc): evaluation looks symbols up
/// millions of times, and the keys come from the user's own input, not an attacker.
#[derive(Default)]
struct FastHasher(u64);

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// How many subscripts a symbol may have and still be evaluated (`x_ijk` has three).
const MAX_INDICES: usize = 4;

/// A symbol at concrete positions (`x_i` with i = 2 is `x` at `[2]`), built without
/// allocating: evaluation looks these up for every leaf at every point.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    name: Rc<str>,
    at: [u32; MAX_INDICES],
    len: u8,
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let indices = self.at[..usize::from(self.len)]
            .iter()
            .map(|&n| Index::Fixed(n))
            .collect();
        write!(f, "{}", Symbol::indexed(&self.name, indices))
    }
}
use std::rc::Rc;

/// A small deterministic random generator (SplitMix64): checks are reproducible.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[lo, hi)`.
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        lo + (hi - lo) * unit
    }

    /// Uniform integer in `lo..=hi`.
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }
}

/// Where symbols take values: either sign, positive only, small and positive (where
/// `exp(100 x)` still has a value), or large (where `log(x - 8)` has one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Range {
    Signed,
    Positive,
    Small,
    Large,
}

/// How an index variable's value relates to another's, for case distinctions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndexConstraint {
    Equal(Rc<str>, Rc<str>),
    Distinct(Rc<str>, Rc<str>),
}

/// One evaluation point: values are drawn lazily and remembered.
#[derive(Debug)]
pub struct Point {
    rng: RefCell<Rng>,
    range: Range,
    values: RefCell<FastMap<Key, f64>>,
    indices: RefCell<FastMap<Rc<str>, i64>>,
    dims: RefCell<FastMap<Symbol, i64>>,
    constraints: Vec<IndexConstraint>,
    /// The largest sum of magnitudes any sum added up so far: how large the rounding
    /// error of a cancellation (`cosh(x)^2 - sinh(x)^2` at x = 16) can be.
    scale: Cell<f64>,
}

/// Dimensions are drawn from this range: small, but large enough that distinct
/// indices exist.
const DIM_RANGE: (i64, i64) = (2, 5);

impl Point {
    pub fn new(seed: u64, range: Range) -> Point {
        Point {
            rng: RefCell::new(Rng::new(seed)),
            range,
            values: RefCell::default(),
            indices: RefCell::default(),
            dims: RefCell::default(),
            constraints: Vec::new(),
            scale: Cell::new(0.0),
        }
    }

    /// The magnitude rounding errors are relative to: the largest sum of absolute
    /// values of terms evaluated at this point.
    pub fn scale(&self) -> f64 {
        self.scale.get()
    }

    pub fn with_constraints(mut self, constraints: Vec<IndexConstraint>) -> Point {
        self.constraints = constraints;
        self
    }

    /// Fix a symbol's value (for assumptions such as a one-hot vector).
    pub fn set(&self, symbol: Symbol, value: f64) {
        if let Some(key) = self.key(&symbol) {
            self.values.borrow_mut().insert(key, value);
        }
    }

    /// The value of an index variable, drawn in `1..=d` on first use and kept
    /// consistent with the constraints.
    pub fn index(&self, name: &Rc<str>) -> i64 {
        if let Some(v) = self.indices.borrow().get(name) {
            return *v;
        }
        let dim = self.dimension(&Symbol::plain(crate::parse::DEFAULT_UPPER));
        let mut value = self.rng.borrow_mut().int(1, dim);
        for c in &self.constraints {
            match c {
                IndexConstraint::Equal(a, b) | IndexConstraint::Distinct(a, b)
                    if a == name || b == name =>
                {
                    let other = if a == name { b } else { a };
                    let other_value = self.indices.borrow().get(other).copied();
                    if let Some(o) = other_value {
                        value = match c {
                            IndexConstraint::Equal(..) => o,
                            IndexConstraint::Distinct(..) => o % dim + 1,
                        };
                    }
                }
                _ => {}
            }
        }
        self.indices.borrow_mut().insert(name.clone(), value);
        value
    }

    /// The values drawn so far, sorted by name, for reporting a counterexample.
    pub fn assignments(&self) -> Vec<(String, f64)> {
        let mut out: Vec<(String, f64)> = self
            .values
            .borrow()
            .iter()
            .map(|(s, v)| (s.to_string(), *v))
            .chain(
                self.indices
                    .borrow()
                    .iter()
                    .map(|(i, v)| (i.to_string(), *v as f64)),
            )
            .chain(
                self.dims
                    .borrow()
                    .iter()
                    .map(|(s, v)| (s.to_string(), *v as f64)),
            )
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// Bind an index (a sum's running index) for the duration of `f`.
    fn with_index<T>(&self, name: &Rc<str>, value: i64, f: impl FnOnce() -> T) -> T {
        let old = self.indices.borrow_mut().insert(name.clone(), value);
        let out = f();
        match old {
            Some(v) => self.indices.borrow_mut().insert(name.clone(), v),
            None => self.indices.borrow_mut().remove(name),
        };
        out
    }

    /// The dimension a sum bound such as `d` or `n` stands for. One value serves every
    /// bound at a point, so a free index drawn in `1..=d` is also in range for a sum
    /// up to `n`.
    fn dimension(&self, s: &Symbol) -> i64 {
        let shared = self.dims.borrow().values().next().copied();
        let v = shared.unwrap_or_else(|| self.rng.borrow_mut().int(DIM_RANGE.0, DIM_RANGE.1));
        self.dims.borrow_mut().insert(s.clone(), v);
        v
    }

    /// The symbol with its index variables replaced by their current positions;
    /// `None` beyond [`MAX_INDICES`] subscripts.
    fn key(&self, s: &Symbol) -> Option<Key> {
        if s.indices.len() > MAX_INDICES {
            return None;
        }
        let mut at = [0; MAX_INDICES];
        for (slot, i) in at.iter_mut().zip(&s.indices) {
            *slot = match i {
                Index::Var(v) => self.index(v).max(0) as u32,
                Index::Fixed(n) => *n,
            };
        }
        Some(Key {
            name: s.name.clone(),
            at,
            len: s.indices.len() as u8,
        })
    }

    fn value(&self, s: &Symbol) -> f64 {
        let Some(key) = self.key(s) else {
            return f64::NAN;
        };
        if let Some(v) = self.values.borrow().get(&key) {
            return *v;
        }
        let v = match self.range {
            Range::Signed => self.rng.borrow_mut().uniform(-1.5, 1.5),
            Range::Positive => self.rng.borrow_mut().uniform(0.2, 1.8),
            Range::Small => self.rng.borrow_mut().uniform(0.002, 0.02),
            Range::Large => self.rng.borrow_mut().uniform(2.0, 20.0),
        };
        self.values.borrow_mut().insert(key, v);
        v
    }

    fn index_value(&self, i: &Index) -> i64 {
        match i {
            Index::Fixed(n) => i64::from(*n),
            Index::Var(v) => self.index(v),
        }
    }

    /// Evaluate `e` here. Non-finite results (a pole, a logarithm of a negative
    /// number) come back as NaN or infinity; callers skip such points.
    pub fn eval(&self, e: &Expr) -> f64 {
        match e.node() {
            Node::Num(n) => number(n),
            Node::Sym(s) => self.value(s),
            Node::Add(xs) => {
                let terms: Vec<f64> = xs.iter().map(|x| self.eval(x)).collect();
                let magnitude: f64 = terms.iter().map(|t| t.abs()).sum();
                if magnitude.is_finite() && magnitude > self.scale.get() {
                    self.scale.set(magnitude);
                }
                terms.iter().sum()
            }
            Node::Mul(xs) => xs.iter().map(|x| self.eval(x)).product(),
            Node::Div(a, b) => self.eval(a) / self.eval(b),
            Node::Pow(a, b) => power(self.eval(a), self.eval(b)),
            Node::Call(f, args) => match f {
                Func::Builtin(b) => builtin(*b, self.eval(&args[0])),
                // A user function that was not unfolded has no value here.
                Func::User(_) => f64::NAN,
            },
            Node::Delta(a, b) => {
                if self.index_value(a) == self.index_value(b) {
                    1.0
                } else {
                    0.0
                }
            }
            Node::Sum {
                index,
                lower,
                upper,
                body,
            } => {
                let lo = self.bound(lower);
                let hi = self.bound(upper);
                (lo..=hi)
                    .map(|k| self.with_index(index, k, || self.eval(body)))
                    .sum()
            }
            Node::Deriv(body, var) => self.derivative(body, var),
            // An equation holds where this residual vanishes.
            Node::Equation(a, b) => self.eval(a) - self.eval(b),
        }
    }

    /// An integer in `lo..=hi` from this point's generator.
    pub fn draw_int(&self, lo: i64, hi: i64) -> i64 {
        self.rng.borrow_mut().int(lo, hi)
    }

    /// The value of a sum's bound: a dimension drawn once for a name, else a number.
    pub fn bound(&self, e: &Expr) -> i64 {
        match e.node() {
            Node::Sym(s) if s.indices.is_empty() => self.dimension(s),
            _ => self.eval(e).round() as i64,
        }
    }

    /// d body / d var by central differences, refined by Richardson extrapolation
    /// (error of order h^4). Two refinements that disagree at every step size mean the
    /// point is too close to a pole for a difference quotient: the result is NaN, and
    /// the caller skips the point rather than trust a poor estimate.
    fn derivative(&self, body: &Expr, var: &Symbol) -> f64 {
        let Some(key) = self.key(var) else {
            return f64::NAN;
        };
        let x0 = self.value(var);
        let at = |x: f64| {
            self.values.borrow_mut().insert(key.clone(), x);
            self.eval(body)
        };
        let central = |h: f64| (at(x0 + h) - at(x0 - h)) / (2.0 * h);
        // Smaller steps for quickly varying bodies (exp(100 x)); stop at the first
        // pair of refinements that agree.
        let mut result = f64::NAN;
        for scale in [1e-3, 1e-4, 1e-5] {
            let h = scale * (1.0 + x0.abs());
            let (d1, d2, d4) = (central(h), central(h / 2.0), central(h / 4.0));
            let (coarse, fine) = ((4.0 * d2 - d1) / 3.0, (4.0 * d4 - d2) / 3.0);
            if (coarse - fine).abs() <= 1e-7 * (1.0 + fine.abs()) {
                result = fine;
                break;
            }
        }
        self.values.borrow_mut().insert(key, x0);
        result
    }
}

/// A rational as a float: directly when numerator and denominator are small, as they
/// almost always are, else through the exact conversion.
fn number(n: &crate::expr::Rational) -> f64 {
    match (n.numer().to_i64(), n.denom().to_i64()) {
        (Some(p), Some(q)) if p.unsigned_abs() < 1 << 53 && q < 1 << 53 => p as f64 / q as f64,
        _ => n.to_f64().unwrap_or(f64::NAN),
    }
}

fn power(a: f64, b: f64) -> f64 {
    // An integer power of a negative number is defined; powf would give NaN for
    // fractional powers only.
    if b.fract() == 0.0 && b.abs() < 1e9 {
        a.powi(b as i32)
    } else {
        a.powf(b)
    }
}

pub fn builtin(b: Builtin, x: f64) -> f64 {
    match b {
        Builtin::Exp => x.exp(),
        Builtin::Log => x.ln(),
        Builtin::Sqrt => x.sqrt(),
        Builtin::Sin => x.sin(),
        Builtin::Cos => x.cos(),
        Builtin::Tan => x.tan(),
        Builtin::Sinh => x.sinh(),
        Builtin::Cosh => x.cosh(),
        Builtin::Tanh => x.tanh(),
        Builtin::Sigma => 1.0 / (1.0 + (-x).exp()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_expr, Names};

    fn at(src: &str, seed: u64) -> f64 {
        let e = parse_expr(src, &Names::default()).unwrap();
        Point::new(seed, Range::Signed).eval(&e)
    }

    #[test]
    fn evaluates_functions_and_sums() {
        assert!((at("tanh(0.5)", 1) - 0.5f64.tanh()).abs() < 1e-15);
        assert!((at("sigma(0)", 1) - 0.5).abs() < 1e-15);
        // delta_kk is 1 for each of the three terms.
        assert!((at("sum_{k=1}^{3} 2 delta_kk", 1) - 6.0).abs() < 1e-15);
        assert_eq!(at("delta_ii", 3), 1.0);
    }

    #[test]
    fn derivative_by_finite_differences() {
        let p = Point::new(7, Range::Signed);
        let x = p.eval(&parse_expr("x", &Names::default()).unwrap());
        let d = p.eval(&parse_expr("d/dx sin(x)", &Names::default()).unwrap());
        assert!((d - x.cos()).abs() < 1e-9, "{d} vs {}", x.cos());
    }
}
