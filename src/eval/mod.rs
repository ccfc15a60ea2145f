//! Numeric evaluation at a point, the ground truth every step is checked against. A
//! point gives each symbol a value the first time it is seen, so two expressions
//! evaluated at one [`Point`] see the same values. Index variables get a position in
//! `1..=d`, each named sum bound its own integer dimension, and a `d/dx` is evaluated
//! by finite differences, independently of the differentiation rules it checks. The
//! same evaluator computes in `f64` or, to confirm, in a 320-bit float ([`real`]).

mod big_elementary;
pub mod complex;
pub mod exact;
mod prime;
pub mod real;

#[cfg(test)]
mod derivative_tests;

use crate::expr::{Expr, Func, Index, Node, Symbol};
use crate::fast_hash::FastMap;
use real::Real;
use std::cell::{Cell, RefCell};
use std::fmt;

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

/// How symbols take values at a point. Every range but `Positive` gives each symbol a
/// random sign, so half the values are negative: a step that holds for positive
/// values only is caught.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Range {
    /// Magnitudes between 0.1 and 2.
    Unit,
    /// Positive values between 0.2 and 1.8.
    Positive,
    /// Magnitudes between 0.002 and 0.02 (where `exp(100 x)` still has a value).
    Small,
    /// Magnitudes between 2 and 30 (where `log(x - 8)` has one).
    Large,
    /// Magnitudes spread over four orders, from 0.01 to 30.
    Wide,
    /// Every symbol negative, magnitudes between 0.1 and 2.
    Negative,
    /// Every symbol negative, magnitudes between 2 and 30 (where `x + 2 < 0`).
    NegativeLarge,
}

/// Where fresh index variables fall: anywhere, or all at the first or the last
/// position (where a sum's bounds matter). At the first, every dimension is the
/// smallest drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndexDraw {
    Random,
    First,
    Last,
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
    /// Values set exactly (an assumption's total): a high-precision evaluation reads
    /// them as rationals, so that `sum_j y_j = 1` holds there to every digit.
    exact: RefCell<FastMap<Key, crate::expr::Rational>>,
    indices: RefCell<FastMap<Rc<str>, i64>>,
    dims: RefCell<FastMap<Symbol, i64>>,
    constraints: Vec<IndexConstraint>,
    /// Names of symbols drawn positive (assumed, or a condition `x > 0`).
    positive: Vec<Rc<str>>,
    index_draw: IndexDraw,
}

/// Dimensions are drawn from this range: small, but large enough that distinct
/// indices exist; at points of large values from [`WIDE_DIM_RANGE`], so that an
/// expression in `d` that vanishes at 2 to 5 only (`(d - 2)(d - 3)(d - 4)(d - 5)`)
/// is not taken for zero, while counterexamples elsewhere stay small.
const DIM_RANGE: (i64, i64) = (2, 5);
const WIDE_DIM_RANGE: (i64, i64) = (6, 12);

/// A sum with more terms than this is not evaluated (its value is undefined here):
/// checks stay fast on any input.
const MAX_TERMS: i64 = 100_000;

/// What evaluating an expression gave.
#[derive(Clone, Debug)]
pub struct Evaluation<R> {
    pub value: R,
    /// The largest sum of magnitudes any sum added up: how large the rounding error
    /// of a cancellation (`cosh(x)^2 - sinh(x)^2` at x = 16) can be.
    pub scale: f64,
    /// `log2` of `scale`, finite where `scale` overflows `f64`.
    pub scale_log2: f64,
    /// False when a difference quotient could not be trusted (a pole within its
    /// stencil) or a value overflowed the number type: the value says nothing about
    /// the expression.
    pub reliable: bool,
}

impl Point {
    pub fn new(seed: u64, range: Range) -> Point {
        Point {
            rng: RefCell::new(Rng::new(seed)),
            range,
            values: RefCell::default(),
            exact: RefCell::default(),
            indices: RefCell::default(),
            dims: RefCell::default(),
            constraints: Vec::new(),
            positive: Vec::new(),
            index_draw: IndexDraw::Random,
        }
    }

    /// Draw fresh index variables this way.
    pub fn with_index_draw(mut self, draw: IndexDraw) -> Point {
        self.index_draw = draw;
        self
    }

    pub fn with_constraints(mut self, constraints: Vec<IndexConstraint>) -> Point {
        self.constraints = constraints;
        self
    }

    /// Draw the symbols of these names positive.
    pub fn with_positive(mut self, names: Vec<Rc<str>>) -> Point {
        self.positive = names;
        self
    }

    /// Draw the dimension of every named sum bound in `exprs` now, so that a free
    /// index drawn later lies within all of them.
    pub fn prepare(&self, exprs: &[&Expr]) {
        // Only subtrees that hold a sum are walked: most of a large tree has none.
        fn walk(point: &Point, e: &Expr) {
            if !e.has_sum() {
                return;
            }
            if let Node::Sum { lower, upper, .. } = e.node() {
                for b in [lower, upper] {
                    if let Some(s) = b.as_symbol().filter(|s| s.indices.is_empty()) {
                        point.dimension(s);
                    }
                }
            }
            for k in e.children() {
                walk(point, &k);
            }
        }
        for e in exprs {
            walk(self, e);
        }
    }

    /// Fix a symbol's value (for assumptions such as a normalized vector).
    pub fn set(&self, symbol: Symbol, value: f64) {
        if let Some(key) = self.key(&symbol) {
            self.values.borrow_mut().insert(key, value);
        }
    }

    /// Fix a symbol's value exactly.
    pub fn set_exact(&self, symbol: Symbol, value: crate::expr::Rational) {
        if let Some(key) = self.key(&symbol) {
            self.values
                .borrow_mut()
                .insert(key.clone(), f64::from_rational(&value));
            self.exact.borrow_mut().insert(key, value);
        }
    }

    /// The value of an index variable, drawn on first use in `1..=n` for the smallest
    /// dimension `n` drawn so far (free indices lie within every named bound), and
    /// kept consistent with the constraints.
    pub fn index(&self, name: &Rc<str>) -> i64 {
        if let Some(v) = self.indices.borrow().get(name) {
            return *v;
        }
        let d = self.dimension(&Symbol::plain(crate::parse::DEFAULT_UPPER));
        let dim = self.dims.borrow().values().copied().min().unwrap_or(d);
        let mut value = match self.index_draw {
            IndexDraw::Random => self.rng.borrow_mut().int(1, dim),
            IndexDraw::First => 1,
            IndexDraw::Last => dim,
        };
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

    /// The dimension a sum bound such as `d` or `n` stands for, drawn once per name:
    /// `sum_{k=1}^{n}` and `sum_{k=1}^{d}` are different sums.
    fn dimension(&self, s: &Symbol) -> i64 {
        if let Some(v) = self.dims.borrow().get(s) {
            return *v;
        }
        let (lo, hi) = if self.range == Range::Large {
            WIDE_DIM_RANGE
        } else {
            DIM_RANGE
        };
        // Where indices fall first, so do the dimensions: a sum whose range is
        // empty for a small dimension (from 4 to `d`, with `d = 2`) is met there.
        let v = match self.index_draw {
            IndexDraw::First => lo,
            _ => self.rng.borrow_mut().int(lo, hi),
        };
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

    /// The value of `s` as a size: `d` always, and a name that bounds a sum in the
    /// expressions [`Point::prepare`] saw (in `sum_{k=1}^{n} delta_kk = n`, the `n` on
    /// the right is the same size as the bound).
    fn size_of(&self, s: &Symbol) -> Option<i64> {
        if !s.indices.is_empty() {
            return None;
        }
        if &*s.name == crate::parse::DEFAULT_UPPER {
            return Some(self.dimension(s));
        }
        self.dims.borrow().get(s).copied()
    }

    /// A symbol's value. A size (`d`, a sum's bound) is a size wherever it occurs.
    fn value(&self, s: &Symbol) -> f64 {
        if let Some(n) = self.size_of(s) {
            return n as f64;
        }
        let Some(key) = self.key(s) else {
            return f64::NAN;
        };
        if let Some(v) = self.values.borrow().get(&key) {
            return *v;
        }
        let v = self.draw_value(self.positive.contains(&s.name));
        self.values.borrow_mut().insert(key, v);
        v
    }

    /// A fresh value of the point's range (positive if asked).
    pub fn draw_value(&self, positive: bool) -> f64 {
        let mut rng = self.rng.borrow_mut();
        let sign = if rng.next_u64() & 1 == 0 { 1.0 } else { -1.0 };
        let magnitude = match self.range {
            Range::Unit => rng.uniform(0.1, 2.0),
            Range::Positive => rng.uniform(0.2, 1.8),
            Range::Small => rng.uniform(0.002, 0.02),
            Range::Large => rng.uniform(2.0, 30.0),
            Range::Wide => 10f64.powf(rng.uniform(-2.0, 1.5)),
            Range::Negative => rng.uniform(0.1, 2.0),
            Range::NegativeLarge => rng.uniform(2.0, 30.0),
        };
        match self.range {
            _ if positive => magnitude,
            Range::Positive => magnitude,
            Range::Negative | Range::NegativeLarge => -magnitude,
            _ => sign * magnitude,
        }
    }

    fn index_value(&self, i: &Index) -> i64 {
        match i {
            Index::Fixed(n) => i64::from(*n),
            Index::Var(v) => self.index(v),
        }
    }

    /// Evaluate `e` here in `f64`. Non-finite results (a pole, a logarithm of a
    /// negative number, an overflow) come back as NaN or infinity.
    pub fn eval(&self, e: &Expr) -> f64 {
        self.evaluate::<f64>(e).value
    }

    /// Evaluate `e` here in the number type `R`.
    pub fn evaluate<R: Real>(&self, e: &Expr) -> Evaluation<R> {
        self.evaluate_with(e, None)
    }

    /// [`Point::evaluate`], and the value of every node of `e` evaluated at this
    /// point itself, by address (not those inside a sum, whose index moves, or a
    /// derivative, whose variable does): where a value is lost, which part lost it.
    pub fn evaluate_recording<R: Real>(&self, e: &Expr) -> (Evaluation<R>, FastMap<usize, R>) {
        let record = RefCell::default();
        let evaluation = self.evaluate_with(e, Some(&record));
        (evaluation, record.into_inner())
    }

    fn evaluate_with<R: Real>(
        &self,
        e: &Expr,
        record: Option<&RefCell<FastMap<usize, R>>>,
    ) -> Evaluation<R> {
        let ev = Evaluator {
            point: self,
            moved: RefCell::new(Vec::new()),
            scale_log2: Cell::new(f64::NEG_INFINITY),
            reliable: Cell::new(true),
            memo: RefCell::new(vec![FastMap::default()]),
            leaves: RefCell::default(),
            mentioned: RefCell::default(),
            record,
        };
        let value = ev.eval(e);
        Evaluation {
            value,
            scale: ev.scale_log2.get().exp2(),
            scale_log2: ev.scale_log2.get(),
            reliable: ev.reliable.get(),
        }
    }

    /// An integer in `lo..=hi` from this point's generator.
    pub fn draw_int(&self, lo: i64, hi: i64) -> i64 {
        self.rng.borrow_mut().int(lo, hi)
    }

    /// The positions a sum from `lower` to `upper` runs over here; `None` beyond
    /// [`MAX_TERMS`] terms.
    fn terms(&self, lower: &Expr, upper: &Expr) -> Option<std::ops::RangeInclusive<i64>> {
        let (lo, hi) = (self.bound(lower), self.bound(upper));
        (hi.saturating_sub(lo) <= MAX_TERMS).then_some(lo..=hi)
    }

    /// The value of a sum's bound: a dimension drawn once for a name, else a number.
    pub fn bound(&self, e: &Expr) -> i64 {
        match e.node() {
            Node::Sym(s) if s.indices.is_empty() => self.dimension(s),
            _ => self.eval(e).round() as i64,
        }
    }
}

/// One evaluation in the number type `R`: the point's values, and the values a
/// difference quotient moves a variable to.
struct Evaluator<'p, R> {
    point: &'p Point,
    moved: RefCell<Vec<(Key, R)>>,
    /// `log2` of the largest sum of magnitudes seen.
    scale_log2: Cell<f64>,
    reliable: Cell<bool>,
    /// The values of shared nodes (by address) met so far, one map per scope: a new
    /// scope begins with each term of a sum (its index has a new value) and each
    /// point of a difference quotient (its variable has moved), and only the
    /// innermost one is read. So a subtree that a derivative repeats in every factor
    /// is evaluated once per scope, not once per occurrence.
    memo: RefCell<Vec<FastMap<usize, R>>>,
    /// Symbols without index variables met so far, by address: their key, and the
    /// value the point gives them. A difference quotient evaluates its body a dozen
    /// times, and a softmax's fifty `x_k` were each looked up by name at every one.
    leaves: RefCell<FastMap<usize, (Option<Key>, R)>>,
    /// Whether a node mentions a variable, by the node's and the name's addresses
    /// (see [`Evaluator::mentions`]).
    mentioned: RefCell<FastMap<(usize, usize), bool>>,
    /// Where to note the value of every node evaluated in the outermost scope (see
    /// [`Point::evaluate_recording`]).
    record: Option<&'p RefCell<FastMap<usize, R>>>,
}

impl<R: Real> Evaluator<'_, R> {
    /// The value of the symbol `s`, the node `e`: where a difference quotient moved
    /// it, else the point's.
    fn symbol(&self, e: &Expr, s: &Symbol) -> R {
        if s.indices.iter().any(|i| matches!(i, Index::Var(_))) {
            // Its key depends on the index values bound now.
            let key = self.point.key(s);
            return self
                .moved_value(key.as_ref())
                .unwrap_or_else(|| self.point_value(key.as_ref(), s));
        }
        let known = self.leaves.borrow().get(&e.address()).cloned();
        let (key, value) = known.unwrap_or_else(|| {
            let key = self.point.key(s);
            let value = self.point_value(key.as_ref(), s);
            self.leaves
                .borrow_mut()
                .insert(e.address(), (key.clone(), value.clone()));
            (key, value)
        });
        self.moved_value(key.as_ref()).unwrap_or(value)
    }

    /// The value a difference quotient moved the symbol of `key` to, if it did.
    fn moved_value(&self, key: Option<&Key>) -> Option<R> {
        let moved = self.moved.borrow();
        if moved.is_empty() {
            return None;
        }
        let key = key?;
        moved
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// The point's value of `s` (of key `key`): set exactly, or drawn.
    fn point_value(&self, key: Option<&Key>, s: &Symbol) -> R {
        if let Some(v) = key.and_then(|k| self.point.exact.borrow().get(k).cloned()) {
            return R::from_rational(&v);
        }
        R::from_f64(self.point.value(s))
    }

    /// The value of `e`, from the memo when `e` is worth remembering and was met in
    /// this scope.
    fn eval(&self, e: &Expr) -> R {
        if !e.worth_remembering() {
            let v = self.checked(self.eval_node(e));
            self.note(e, &v);
            return v;
        }
        let key = e.address();
        if let Some(v) = self.memo.borrow().last().and_then(|m| m.get(&key)) {
            return v.clone();
        }
        let v = self.checked(self.eval_node(e));
        if let Some(m) = self.memo.borrow_mut().last_mut() {
            m.insert(key, v.clone());
        }
        self.note(e, &v);
        v
    }

    /// Note `v` as the value of `e` where this evaluation records, in the outermost
    /// scope.
    fn note(&self, e: &Expr, v: &R) {
        if let Some(record) = self.record {
            if self.memo.borrow().len() == 1 {
                record.borrow_mut().insert(e.address(), v.clone());
            }
        }
    }

    /// `v`, the evaluation marked unreliable if it overflowed the number type.
    fn checked(&self, v: R) -> R {
        if v.overflowed() {
            self.reliable.set(false);
        }
        v
    }

    /// `f` in a scope of its own: values memoized outside it are not read inside.
    fn in_scope<T>(&self, f: impl FnOnce() -> T) -> T {
        self.memo.borrow_mut().push(FastMap::default());
        let out = f();
        self.memo.borrow_mut().pop();
        out
    }

    fn eval_node(&self, e: &Expr) -> R {
        match e.node() {
            Node::Num(n) => R::from_rational(n),
            Node::Sym(s) => self.symbol(e, s),
            Node::Add(xs) => self.sum(xs.iter()),
            Node::Mul(xs) => xs
                .iter()
                .fold(R::from_f64(1.0), |acc, x| acc.mul(&self.eval(x))),
            Node::Div(a, b) => self.eval(a).div(&self.eval(b)),
            Node::Pow(a, b) => self.eval(a).pow(&self.eval(b)),
            Node::Call(f, args) => match f {
                Func::Builtin(b) => self.eval(&args[0]).builtin(*b),
                // A user function that was not unfolded has no value here.
                Func::User(_) => R::from_f64(f64::NAN),
            },
            Node::Delta(a, b) => {
                let equal = self.point.index_value(a) == self.point.index_value(b);
                R::from_f64(if equal { 1.0 } else { 0.0 })
            }
            Node::Sum {
                index,
                lower,
                upper,
                body,
            } => {
                let Some(terms) = self.point.terms(lower, upper) else {
                    self.reliable.set(false);
                    return R::from_f64(f64::NAN);
                };
                let mut total = R::from_f64(0.0);
                let mut largest = f64::NEG_INFINITY;
                let count = terms.clone().count();
                for k in terms {
                    let t = self
                        .point
                        .with_index(index, k, || self.in_scope(|| self.eval(body)));
                    largest = largest.max(t.log2_abs());
                    total = total.add(&t);
                }
                self.note_magnitude(largest, count);
                total
            }
            Node::Deriv(body, var) => self.derivative(body, var),
            // An equation holds where this residual vanishes. It is a difference like
            // any other: its rounding error is that of its sides' magnitudes.
            Node::Equation(a, b) => {
                let (x, y) = (self.eval(a), self.eval(b));
                self.note_magnitude(x.log2_abs().max(y.log2_abs()), 2);
                x.add(&y.mul(&R::from_f64(-1.0)))
            }
        }
    }

    /// The sum of `terms`, its magnitudes noted.
    fn sum<'e>(&self, terms: impl ExactSizeIterator<Item = &'e Expr>) -> R {
        let count = terms.len();
        let mut total = R::from_f64(0.0);
        let mut largest = f64::NEG_INFINITY;
        for x in terms {
            let t = self.eval(x);
            largest = largest.max(t.log2_abs());
            total = total.add(&t);
        }
        self.note_magnitude(largest, count);
        total
    }

    /// Does `e` mention a symbol named `name` (with any indices), or a derivative by
    /// one? Remembered by node for this evaluation.
    fn mentions(&self, e: &Expr, name: &Rc<str>) -> bool {
        let own = match e.node() {
            Node::Sym(s) => return s.name == *name,
            Node::Deriv(_, v) => v.name == *name,
            _ => false,
        };
        if own {
            return true;
        }
        let key = (e.address(), Rc::as_ptr(name) as *const u8 as usize);
        if let Some(&known) = self.mentioned.borrow().get(&key) {
            return known;
        }
        let found = e.children().iter().any(|k| self.mentions(k, name));
        if e.worth_remembering() {
            self.mentioned.borrow_mut().insert(key, found);
        }
        found
    }

    /// Remember a bound on a sum of `count` magnitudes whose largest has `log2` equal
    /// to `largest`, kept in logarithms so that it never overflows.
    fn note_magnitude(&self, largest: f64, count: usize) {
        let bound = largest + (count.max(1) as f64).log2();
        if bound > self.scale_log2.get() {
            self.scale_log2.set(bound);
        }
    }

    /// d body / d var by a difference quotient around the variable's value. Where the
    /// body has no value at the point itself, neither has its derivative; where the
    /// quotient cannot be trusted, the evaluation is marked unreliable.
    fn derivative(&self, body: &Expr, var: &Symbol) -> R {
        let Some(key) = self.point.key(var) else {
            return R::from_f64(f64::NAN);
        };
        let x0 = self
            .moved_value(Some(&key))
            .unwrap_or_else(|| self.point_value(Some(&key), var));
        // Terms without the variable have derivative 0, and are left out of the
        // quotient: beside a term of 10^64 (`d/dx (exp(exp(5)) + x^2)`) its rounding,
        // divided by the step, would swamp every digit of the derivative. They must
        // still have a value, which says nothing of the derivative's rounding.
        let (moving, fixed): (Vec<&Expr>, Vec<&Expr>) = match body.node() {
            Node::Add(ts) => ts.iter().partition(|t| self.mentions(t, &var.name)),
            _ => (vec![body], Vec::new()),
        };
        if !fixed.is_empty() {
            let scale = self.scale_log2.get();
            let defined = fixed.iter().all(|t| self.eval(t).is_finite());
            self.scale_log2.set(scale);
            if !defined {
                return R::from_f64(f64::NAN);
            }
            if moving.is_empty() {
                return R::from_f64(0.0);
            }
        }
        let at = |x: &R| {
            self.moved.borrow_mut().push((key.clone(), x.clone()));
            let v = self.in_scope(|| match moving.as_slice() {
                [one] => self.eval(one),
                terms => self.sum(terms.iter().copied()),
            });
            self.moved.borrow_mut().pop();
            v
        };
        if !at(&x0).is_finite() {
            return R::from_f64(f64::NAN);
        }
        let d = R::difference_quotient(&x0, &at);
        if !d.is_finite() {
            self.reliable.set(false);
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_expr, Names};
    use real::Big;

    fn at(src: &str, seed: u64) -> f64 {
        let e = parse_expr(src, &Names::default()).unwrap();
        Point::new(seed, Range::Unit).eval(&e)
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
        let p = Point::new(7, Range::Unit);
        let x = p.eval(&parse_expr("x", &Names::default()).unwrap());
        let d = p.eval(&parse_expr("d/dx sin(x)", &Names::default()).unwrap());
        assert!((d - x.cos()).abs() < 1e-9, "{d} vs {}", x.cos());
    }

    #[test]
    fn a_derivative_leaves_out_the_terms_without_its_variable() {
        let p = Point::new(7, Range::Unit);
        let e = |s: &str| parse_expr(s, &Names::default()).unwrap();
        let x = p.eval(&e("x"));
        // 10^64 beside x^2: its rounding over a step of 10^-30 would be 10^-2.
        let d: Evaluation<Big> = p.evaluate(&e("d/dx (exp(exp(5)) + x^2 + y)"));
        assert!((d.value.to_f64() - 2.0 * x).abs() < 1e-12, "{:?}", d.value);
        assert!(d.scale_log2 < 8.0, "{}", d.scale_log2);
        // They still need a value: without one, neither has the derivative.
        assert!(p.eval(&e("d/dx (log(-1 - y^2) + x)")).is_nan());
        assert_eq!(p.eval(&e("d/dx (y + 2)")), 0.0);
    }
}
