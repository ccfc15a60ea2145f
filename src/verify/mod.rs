//! The step check: two expressions are compared at random points drawn from the whole
//! domain (both signs, several magnitudes), seeded anew on every run. `f64` screens;
//! a 320-bit evaluation confirms every disagreement and every near tie, and a
//! 640-bit one a gap that could be either rounding or a tiny difference, so float
//! error is never taken as evidence either way. A rule is trusted only as far as this
//! check confirms it, step by step.

use crate::context::{summed_symbol, Context, FactKind};
use crate::derivation::{Check, Condition};
use crate::eval::complex::Complex;
use crate::eval::exact::{self, Exact};
use crate::eval::real::{Big, Real, Wide};
use crate::eval::{Evaluation, IndexConstraint, IndexDraw, Point, Range};
use crate::expr::{Expr, Index, Node, Symbol};
use crate::fast_hash::{FastMap, FastSet};
use std::rc::Rc;
use std::sync::OnceLock;

mod domain;
mod generic;
pub use domain::{always_positive, divisor_conditions, domain_conditions, nonzero_conditions};

/// A step's comparison stops after `POINTS` points where both sides are defined,
/// trying at most `ATTEMPTS` points across the ranges, and decides with
/// `MIN_DEFINED`. A statement, compared once before its proof is searched, gets
/// twice as many points: a counterexample found there ends the search.
const POINTS: usize = 6;
const ATTEMPTS: u64 = 60;
const MIN_DEFINED: usize = 3;
const RANGES: [Range; 8] = [
    Range::Unit,
    Range::Wide,
    Range::NegativeLarge,
    Range::Positive,
    Range::Large,
    Range::Negative,
    Range::Small,
    Range::Wide,
];
/// The ranges of the complex comparison: small magnitudes first, where nested
/// exponentials still have values in `f64`, but every sign and scale in turn.
const COMPLEX_RANGES: [Range; 6] = [
    Range::Small,
    Range::Unit,
    Range::Negative,
    Range::Positive,
    Range::Small,
    Range::Wide,
];
/// Fresh indices at random, at the first position, at random, at the last: a sum
/// whose bounds leave out an end is caught within four points.
const INDEX_DRAWS: [IndexDraw; 4] = [
    IndexDraw::Random,
    IndexDraw::First,
    IndexDraw::Random,
    IndexDraw::Last,
];

/// `f64` agreement this close needs no confirmation.
const TIGHT: f64 = 1e-11;
/// How many near ties (agreement within `f64`'s reach but not within [`TIGHT`]) one
/// comparison confirms at high precision; the rest are taken as ties. A perturbation
/// that shifts a value everywhere is caught at the first.
const CONFIRMED_TIES: usize = 1;
/// High-precision evaluations one comparison may spend, and the largest expressions
/// (in nodes, both sides) it spends them on; beyond either, an unsettled point is
/// skipped, never taken as agreement.
const CONFIRMATIONS: usize = 6;
const CONFIRMABLE_SIZE: usize = 20_000;
/// Derivatives nested deeper than this cannot be confirmed at high precision (see
/// [`confirm`]): their points count only where `f64` agrees within [`TIGHT`].
const CONFIRMABLE_DEPTH: usize = 2;

/// What the numbers say about `a = b`.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Equal at every point where both are defined, and enough such points exist.
    Agree,
    /// A point where they differ, confirmed at high precision: the values drawn, and
    /// both sides' values there (NaN where a side is undefined).
    Differ {
        /// The point: each symbol (or index) with its value.
        at: Vec<(String, f64)>,
        /// The left side's value there.
        lhs: f64,
        /// The right side's value there.
        rhs: f64,
        /// `lhs - rhs`, computed without the terms both sides share: not zero even
        /// where `lhs` and `rhs` are the same `f64` beside a large shared term.
        difference: f64,
    },
    /// Too few points where both sides are defined.
    Undecided,
}

/// A value as a message shows it: `undefined` for NaN.
pub fn describe(v: f64) -> String {
    if v.is_nan() {
        "undefined".to_string()
    } else {
        v.to_string()
    }
}

/// Two values where two sides differ, as a message shows them: with as many
/// significant digits as tell them apart (six at least). Where even `f64` holds them
/// equal, the second says so: the sides differ in terms they do not share, by less
/// than `f64` resolves beside the large terms they share (`exp(exp(5)) + x` and
/// `exp(exp(5)) + x + 1`).
pub fn describe_pair(lhs: f64, rhs: f64) -> (String, String) {
    fn show(v: f64, digits: usize) -> String {
        if v.is_nan() {
            return describe(v);
        }
        if v == 0.0 || (1e-3..1e6).contains(&v.abs()) {
            let decimals = (digits as i32 - 1 - v.abs().log10().floor() as i32).max(0) as usize;
            let s = format!("{v:.decimals$}");
            let trimmed = if s.contains('.') {
                s.trim_end_matches('0').trim_end_matches('.')
            } else {
                &s
            };
            return trimmed.to_string();
        }
        format!("{v:.*e}", digits - 1)
    }
    let digits = (6..=17)
        .find(|&d| show(lhs, d) != show(rhs, d))
        .unwrap_or(6);
    let (a, b) = (show(lhs, digits), show(rhs, digits));
    if lhs == rhs {
        let note =
            "as well, as far as f64 shows (they differ by less than its precision at this size)";
        return (a, format!("{b} {note}"));
    }
    (a, b)
}

/// A point as a message shows it: `x = -3.104512, i = 1`.
pub fn describe_point(at: &[(String, f64)]) -> String {
    let one = |(k, v): &(String, f64)| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{k} = {v}")
        } else {
            format!("{k} = {v:.6}")
        }
    };
    if at.is_empty() {
        // Forms without variables have one value, wherever they are evaluated.
        return "every point (the forms have no variables)".into();
    }
    at.iter().map(one).collect::<Vec<_>>().join(", ")
}

/// The seed of this run's check points: `STEPWISE_SEED` if set, else drawn from the
/// clock, so that points cannot be predicted; `set_run_seed` fixes it (`--seed`).
pub fn run_seed() -> u64 {
    *RUN_SEED.get_or_init(|| {
        std::env::var("STEPWISE_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                let t = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(0);
                t ^ u64::from(std::process::id()).rotate_left(32)
            })
    })
}

static RUN_SEED: OnceLock<u64> = OnceLock::new();

/// Fix the seed of this run's check points (the command line's `--seed`). Only the
/// first call has an effect, and only before any check ran; false otherwise.
#[cfg(feature = "cli")]
pub fn set_run_seed(seed: u64) -> bool {
    RUN_SEED.set(seed).is_ok()
}

/// What the check must know: the user's definitions (a defined symbol such as `p_j`
/// is evaluated through its definition), facts and assumptions, and conditions every
/// point must respect.
#[derive(Clone, Debug)]
pub struct CheckContext {
    /// The definitions and facts in force.
    pub definitions: Context,
    /// Conditions on the indices every point must respect (`i = j`, `i != j`).
    pub constraints: Vec<IndexConstraint>,
    /// The seed the points are drawn from.
    pub seed: u64,
}

impl Default for CheckContext {
    fn default() -> CheckContext {
        CheckContext {
            definitions: Context::default(),
            constraints: Vec::new(),
            seed: run_seed(),
        }
    }
}

/// Set values so the point satisfies the assumptions: `sum_k y_k = c` by general
/// entries with one of them making up the total, `y` one-hot by a random hot entry,
/// `a = value` by giving `a` that value.
fn satisfy_assumptions(point: &Point, ctx: &Context) {
    for fact in ctx.facts.iter().filter(|f| f.kind == FactKind::Assumption) {
        // The value may call a defined function (`c = f(2)`): the point knows only
        // the built-in ones.
        let total = &ctx.unfold_all(&fact.rhs);
        match fact.lhs.node() {
            Node::Sum {
                index,
                lower,
                upper,
                body,
            } => {
                let Some(s) = summed_symbol(index, body) else {
                    continue;
                };
                let (lo, hi) = (point.bound(lower), point.bound(upper));
                if lo > hi {
                    continue;
                }
                let last = point.draw_int(lo, hi);
                let entry = |k: i64| Symbol::indexed(&s.name, vec![Index::Fixed(k.max(0) as u32)]);
                // Entries on a grid of 2^-24, so that their sum is exact in f64.
                let mut rest = 0.0;
                for k in (lo..=hi).filter(|&k| k != last) {
                    let v = (point.draw_value(false) * GRID).round() / GRID;
                    rest += v;
                    point.set(entry(k), v);
                }
                set_to(point, entry(last), total, rest);
            }
            Node::Sym(s) => set_to(point, s.clone(), total, 0.0),
            _ => {}
        }
    }
    for y in &ctx.one_hot {
        let d = point.bound(&Expr::symbol(Symbol::plain(crate::parse::DEFAULT_UPPER)));
        let hot = point.draw_int(1, d);
        for k in 1..=d {
            let entry = Symbol::indexed(y, vec![Index::Fixed(k as u32)]);
            point.set(entry, if k == hot { 1.0 } else { 0.0 });
        }
    }
}

/// The grid assumption entries are drawn on.
const GRID: f64 = (1u64 << 24) as f64;

/// Give `symbol` the value `total - rest`: exactly, when `total` is a number.
fn set_to(point: &Point, symbol: Symbol, total: &Expr, rest: f64) {
    match (total.as_num(), crate::expr::Rational::from_float(rest)) {
        (Some(c), Some(rest)) => point.set_exact(symbol, c - rest),
        _ => point.set(symbol, point.eval(total) - rest),
    }
}

/// Whether `a = b` holds, as a statement: points where either side is undefined say
/// nothing. A false statement is refused only at a point where both sides have
/// values that differ.
pub fn compare(a: &Expr, b: &Expr, ctx: &CheckContext) -> Verdict {
    compare_recorded(a, b, ctx).0
}

/// [`compare`], and how it was decided: at how many points, or not at all.
pub fn compare_recorded(a: &Expr, b: &Expr, ctx: &CheckContext) -> (Verdict, Check) {
    let forms = Forms::of(a, b, ctx);
    by_places(&forms, ctx, &mut Vec::new(), |_| {
        match compare_unfolded(&forms, ctx, &[], Domain::Lenient) {
            (Verdict::Agree, tally) => (Verdict::Agree, tally.check()),
            (verdict, _) => (verdict, Check::Undecided),
        }
    })
}

/// The `attempt`-th point of a comparison: its range from `ranges` in turn, its
/// seed from the run's (`rotation` keeps the kinds of comparison apart), its index
/// draw in turn, the symbols named in `positive` drawn positive, the dimensions
/// of `forms` drawn and the assumptions met.
fn nth_point(
    ctx: &CheckContext,
    forms: &[&Expr],
    attempt: u64,
    ranges: &[Range],
    rotation: u32,
    positive: Vec<Rc<str>>,
) -> Point {
    let range = ranges[(attempt % ranges.len() as u64) as usize];
    let seed = ctx.seed.rotate_left(rotation) ^ attempt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let draw = INDEX_DRAWS[(attempt % INDEX_DRAWS.len() as u64) as usize];
    let point = Point::new(seed, range)
        .with_index_draw(draw)
        .with_constraints(ctx.constraints.clone())
        .with_positive(positive);
    point.prepare(forms);
    satisfy_assumptions(&point, &ctx.definitions);
    point
}

/// Gaps below this (`log2`, relative to the values and the magnitudes they cancel)
/// are rounding at 640 bits; above it, a difference.
const WIDE_NOISE: f64 = -560.0;
/// Points at 640 bits that [`differs_at_wide_precision`] looks at.
const WIDE_POINTS: usize = 2;

/// A point where `a` and `b` differ at 640 bits, for a statement whose agreement
/// rests on the numbers alone (a written step no rule explains). At 320 bits a gap
/// below 2^-296 of the values is taken as rounding, so `1` and `1 + 10^-100` agree
/// there; at 640 bits rounding is far below that gap. `None` where they agree at the
/// points looked at, and for derivatives (their difference quotients are decided
/// at 320 bits).
pub fn differs_at_wide_precision(a: &Expr, b: &Expr, ctx: &CheckContext) -> Option<Verdict> {
    let forms = Forms::of(a, b, ctx);
    let (a, b) = (&forms.a, &forms.b);
    if a.derivative_depth().max(b.derivative_depth()) > 0 {
        return None;
    }
    let mut looked = 0;
    for attempt in 0..ATTEMPTS {
        if looked == WIDE_POINTS {
            break;
        }
        let point = nth_point(ctx, &[a, b], attempt, &RANGES, 41, Vec::new());
        let (x, y): (Evaluation<Wide>, Evaluation<Wide>) = (point.evaluate(a), point.evaluate(b));
        if !(x.reliable && y.reliable && x.value.is_finite() && y.value.is_finite()) {
            continue;
        }
        looked += 1;
        if relative_gap(&x, &y) > WIDE_NOISE {
            let shared = forms.shared.as_ref().map_or(0.0, |e| point.eval(e));
            return Some(Verdict::Differ {
                at: point.assignments(),
                lhs: x.value.to_f64() + shared,
                rhs: y.value.to_f64() + shared,
                difference: minus(&x.value, &y.value).to_f64(),
            });
        }
    }
    None
}

/// Check one step `prev = next` under the chain's `conditions`, and say how. A step
/// is an equation of the two forms: a point where one side is defined and the other
/// is not refutes it, unless a condition the undefined side needs (`x > 0` for
/// `log(x)`) makes the two agree; that condition then joins `conditions`, and the
/// chain holds only where it does. Where both forms are rational functions of
/// exponentials, modular signatures decide exactly ([`crate::eval::exact`]); a step
/// they call different is never passed on the numbers alone.
pub fn check_step(
    prev: &Expr,
    next: &Expr,
    ctx: &CheckContext,
    conditions: &mut Vec<Condition>,
) -> (Verdict, Check) {
    let forms = Forms::of(prev, next, ctx);
    by_places(&forms, ctx, conditions, |conditions| {
        check_forms(&forms, ctx, conditions)
    })
}

/// The check of two forms at the places where they differ, else by `whole`.
fn by_places(
    forms: &Forms,
    ctx: &CheckContext,
    conditions: &mut Vec<Condition>,
    whole: impl FnOnce(&mut Vec<Condition>) -> (Verdict, Check),
) -> (Verdict, Check) {
    let (prev, next) = (&forms.a, &forms.b);
    // A step that rewrote a few places, `C[s, u]` to `C[t, v]`, holds wherever
    // `s = t` and `u = v` do (with the same domains): checked there, it costs the
    // size of the places, not of the whole form. Failing that, the smallest pair of
    // subtrees that holds every difference is checked; anything short of agreement
    // without a new condition (the context may make the sides agree, or define both
    // only where they do) is left to the check of the whole forms. A new condition
    // that both whole forms need anyway is none: `d/dx log(u) = u' / u` needs `u >
    // 0`, and so does a context that holds `log(u)` on both sides, where it fails
    // both are undefined.
    let mut place_differs = false;
    let mut domains = None;
    let mut many = None;
    if prev.size() + next.size() > LOCAL_CHECK_SIZE {
        let narrowest = narrowest_place(prev, next);
        let within = narrowest.clone().unwrap_or_else(|| Place {
            a: prev.clone(),
            b: next.clone(),
        });
        let most = MAX_PLACES.max((prev.size() + next.size()) / NODES_PER_PLACE);
        let mut decided = None;
        match differing_places(&within, most) {
            Some(places) if places.len() > MAX_PLACES && has_values(forms, ctx) => {
                many = Some(places);
            }
            Some(places) => {
                decided = at_places(
                    places,
                    forms,
                    ctx,
                    conditions,
                    &mut domains,
                    &mut place_differs,
                );
            }
            None => {}
        }
        if let (None, Some(narrowest)) = (&decided, narrowest) {
            decided = at_places(
                vec![narrowest],
                forms,
                ctx,
                conditions,
                &mut domains,
                &mut place_differs,
            );
        }
        if let Some(check) = decided {
            return (Verdict::Agree, check);
        }
    }
    let (verdict, check) = whole(conditions);
    // A step that rewrote more places is checked there when the whole forms decide
    // nothing, or first where they have no value to decide by: a random tree's
    // derivative may have none anywhere whole (its exponentials of exponentials
    // beyond any exponent), and values at its places.
    if let (Verdict::Undecided, Some(places)) = (&verdict, many) {
        if let Some(check) = at_places(
            places,
            forms,
            ctx,
            conditions,
            &mut domains,
            &mut place_differs,
        ) {
            return (Verdict::Agree, check);
        }
    }
    // A form too large to confirm is compared in `f64` alone, to 10^-11 of its
    // values; where a place it rewrote differs at high precision (a shift by
    // 10^-3 beside 10^12), that agreement is not enough.
    let confirmable = prev.size() + next.size() <= CONFIRMABLE_SIZE;
    if place_differs && !confirmable && verdict == Verdict::Agree {
        return (Verdict::Undecided, Check::Undecided);
    }
    (verdict, check)
}

/// Whether both forms have values (real or complex, within [`Complex`]'s
/// exponents) at the first point their check draws: a hint of whether the whole
/// forms decide, never a verdict.
fn has_values(forms: &Forms, ctx: &CheckContext) -> bool {
    let (a, b) = (&forms.a, &forms.b);
    let point = nth_point(ctx, &[a, b], 0, &RANGES, 17, Vec::new());
    let (x, y): (Evaluation<Complex>, Evaluation<Complex>) = (point.evaluate(a), point.evaluate(b));
    x.value.is_finite() && y.value.is_finite()
}

/// The check of a step at `places` (see [`by_places`]): `Some` when every place
/// agrees, without a new condition or with ones both whole forms need (`domains`,
/// computed once). A place that differs is noted in `place_differs`.
fn at_places(
    places: Vec<Place>,
    forms: &Forms,
    ctx: &CheckContext,
    conditions: &[Condition],
    domains: &mut Option<(Vec<Condition>, Vec<Condition>)>,
    place_differs: &mut bool,
) -> Option<Check> {
    let (prev, next) = (&forms.a, &forms.b);
    let mut checks = Vec::with_capacity(places.len());
    for Place { a, b } in places {
        let mut local = conditions.to_vec();
        let place = Forms { a, b, shared: None };
        let (verdict, check) = check_forms(&place, ctx, &mut local);
        // Values that differ at a place need not make the whole differ (the terms
        // of a sum may trade parts), but they are doubt.
        *place_differs |= matches!(verdict, Verdict::Differ { lhs, rhs, .. } if lhs.is_finite() && rhs.is_finite());
        if verdict != Verdict::Agree {
            return None;
        }
        let new = &local[conditions.len()..];
        if !new.is_empty() {
            // A sum's body is not evaluated where its range is empty: what it
            // needs, the whole form need not.
            if prev.has_sum() || next.has_sum() {
                return None;
            }
            let (of_a, of_b) =
                domains.get_or_insert_with(|| (domain_conditions(prev), domain_conditions(next)));
            if !needed_by_both(new, of_a, of_b) {
                return None;
            }
        }
        checks.push(Some(check));
    }
    Some(Check::joined(checks))
}

/// Whether two whole forms, whose domains need `of_a` and `of_b`, are both
/// undefined wherever one of `new` fails (the conditions a place of theirs agreed
/// under): each is a condition both need. A condition on an index is not: the same
/// name may be bound in a whole form. Where two forms rewrote what a condition is
/// about differently (`log((x + x) y)` against `log(2 x y)`), neither needs the
/// other's, and the whole forms decide.
fn needed_by_both(new: &[Condition], of_a: &[Condition], of_b: &[Condition]) -> bool {
    new.iter().all(|c| {
        crate::expr::free_indices(&c.expr).is_empty() && of_a.contains(c) && of_b.contains(c)
    })
}

/// Two forms to compare, without the terms they share: `x^2 + x` and `x^2 + x + 1`
/// are compared as `0` and `1`. A step that rewrote one term of a sum is checked on
/// that term, at its cost, and a difference under a large shared term is seen:
/// `exp(exp(5)) + x` and `exp(exp(5)) + x + 1` agree to 10^-64 of their values,
/// below any rounding tolerance. Equal forms make equal sums, and where the shared
/// terms have a value, different forms make different sums.
struct Forms {
    a: Expr,
    b: Expr,
    /// The sum of the shared terms, definitions unfolded: a point where it has no
    /// value (where both whole forms have none) says nothing.
    shared: Option<Expr>,
}

impl Forms {
    fn of(a: &Expr, b: &Expr, ctx: &CheckContext) -> Forms {
        let (kept, tb, shared) = without_shared_terms(a, b);
        if shared.is_empty() || (kept.is_empty() && tb.is_empty()) {
            return Forms::unfolded(a.clone(), b.clone(), None, ctx);
        }
        let (a, b) = (crate::expr::add(kept), crate::expr::add(tb));
        Forms::unfolded(a, b, Some(crate::expr::add(shared)), ctx)
    }

    fn unfolded(a: Expr, b: Expr, shared: Option<Expr>, ctx: &CheckContext) -> Forms {
        // Without definitions there is nothing to unfold, and no tree to walk.
        if ctx.definitions.definitions.is_empty() {
            return Forms { a, b, shared };
        }
        let unfold = |e: &Expr| ctx.definitions.unfold_all(e);
        Forms {
            a: unfold(&a),
            b: unfold(&b),
            shared: shared.as_ref().map(unfold),
        }
    }
}

/// Steps between forms larger than this (in nodes, both sides) are checked at the
/// places they rewrote; smaller ones are checked whole, where it costs little.
const LOCAL_CHECK_SIZE: usize = 2_000;

/// The smallest pair of subtrees that holds every difference of `prev` and `next`,
/// at the same place under the same nodes (the same operation or function, with
/// every other operand the same; under a sum or a product, the terms or factors
/// both share set aside, so that `C A` against `C D B` is the place `A` against
/// `D B`).
/// `None` when that is the whole of both. It stops at a derivative (`d/dx (u + 1)`
/// and `d/dx u` are the same, their bodies are not), at an index sum (its body holds
/// the sum's index, which means nothing alone) and at an equation (whose sides are
/// checked together).
fn narrowest_place(prev: &Expr, next: &Expr) -> Option<Place> {
    let (mut a, mut b) = (prev.clone(), next.clone());
    loop {
        let pair = match (a.node(), b.node()) {
            (Node::Add(_), Node::Add(_)) => match without_shared_terms(&a, &b) {
                (xs, ys, _) if xs.len() == 1 && ys.len() == 1 => {
                    Some((xs[0].clone(), ys[0].clone()))
                }
                _ => None,
            },
            (Node::Mul(_), Node::Mul(_)) => match without_shared_factors(&a, &b) {
                (xs, ys) if xs.len() == 1 && ys.len() == 1 => Some((xs[0].clone(), ys[0].clone())),
                (xs, ys) if xs.len() + ys.len() < a.children().len() + b.children().len() => {
                    let (x, y) = (crate::expr::mul(xs), crate::expr::mul(ys));
                    return Some(Place { a: x, b: y });
                }
                _ => None,
            },
            _ if same_head(&a, &b) => {
                let (xs, ys) = (a.children(), b.children());
                let mut differing = xs.into_iter().zip(ys).filter(|(x, y)| x != y);
                match (differing.next(), differing.next()) {
                    (Some(pair), None) => Some(pair),
                    _ => None,
                }
            }
            _ => None,
        };
        let Some((x, y)) = pair else {
            break;
        };
        (a, b) = (x, y);
    }
    let whole = a.ptr_eq(prev) && b.ptr_eq(next);
    (!whole).then_some(Place { a, b })
}

/// Do `a` and `b` apply the same operation or function to as many operands, so
/// that they may differ in the operands alone? Sums are matched by their terms
/// instead.
fn same_head(a: &Expr, b: &Expr) -> bool {
    match (a.node(), b.node()) {
        (Node::Mul(xs), Node::Mul(ys)) => xs.len() == ys.len(),
        (Node::Call(f, xs), Node::Call(g, ys)) => f == g && xs.len() == ys.len(),
        (Node::Div(..), Node::Div(..)) | (Node::Pow(..), Node::Pow(..)) => true,
        _ => false,
    }
}

/// The places where the two sides of `within` differ, at most `most` of
/// them, else `None`: walking down as [`narrowest_place`] does, but into every
/// operand that differs, and pairing in order the terms a sum (the factors a
/// product) has left when the two sides have as many (`x + C` against `y + C + D`
/// is the one place `x` against `y + D`).
fn differing_places(within: &Place, most: usize) -> Option<Vec<Place>> {
    fn walk(
        a: &Expr,
        b: &Expr,
        most: usize,
        out: &mut Vec<Place>,
        seen: &mut FastSet<(usize, usize)>,
    ) -> bool {
        if a.ptr_eq(b) || !seen.insert((a.address(), b.address())) {
            return true;
        }
        if let (Node::Add(_), Node::Add(_)) = (a.node(), b.node()) {
            let (xs, ys, _) = without_shared_terms(a, b);
            // Numbers that differ were collected with other terms (`8 + (x + 5)` and
            // `13 + x`): those are no places of their own.
            let collected = xs.iter().chain(&ys).any(|t| t.as_num().is_some());
            return if xs.len() == ys.len() && !xs.is_empty() && !collected {
                xs.iter().zip(&ys).all(|(x, y)| walk(x, y, most, out, seen))
            } else {
                place(crate::expr::add(xs), crate::expr::add(ys), most, out)
            };
        }
        if let (Node::Mul(_), Node::Mul(_)) = (a.node(), b.node()) {
            let (xs, ys) = without_shared_factors(a, b);
            // Coefficients that differ moved a factor between the others (`7 u` and
            // `-7 (-u)`): those are no places of their own.
            let moved = xs.iter().chain(&ys).any(|f| f.as_num().is_some());
            return if xs.len() == ys.len() && !xs.is_empty() && !moved {
                xs.iter().zip(&ys).all(|(x, y)| walk(x, y, most, out, seen))
            } else {
                place(crate::expr::mul(xs), crate::expr::mul(ys), most, out)
            };
        }
        if !same_head(a, b) {
            return place(a.clone(), b.clone(), most, out);
        }
        a.children()
            .iter()
            .zip(b.children().iter())
            .all(|(x, y)| walk(x, y, most, out, seen))
    }
    fn place(a: Expr, b: Expr, most: usize, out: &mut Vec<Place>) -> bool {
        out.push(Place { a, b });
        out.len() <= most
    }
    let mut out = Vec::new();
    let mut seen = FastSet::default();
    let few = walk(&within.a, &within.b, most, &mut out, &mut seen);
    // One place that is the pair itself says no more than the pair.
    let narrower = !(out.len() == 1 && out[0].a.ptr_eq(&within.a) && out[0].b.ptr_eq(&within.b));
    (few && narrower && !out.is_empty()).then_some(out)
}

/// One place where two forms differ: a subtree of each.
#[derive(Clone)]
struct Place {
    a: Expr,
    b: Expr,
}

/// Places a step's check looks at one by one; a step that rewrote more is checked
/// as whole forms, and only where those decide nothing at up to one place for each
/// `NODES_PER_PLACE` nodes of the forms (a place costs a comparison of its own, with
/// its confirmations: hundreds of them cost more than a whole form that decides).
const MAX_PLACES: usize = 8;
const NODES_PER_PLACE: usize = 200;

/// The factors of two forms (each a product, or a single factor) that the other
/// lacks: `C A` and `C B` differ as `A` and `B` do, and where `A = B`, so are the
/// products.
fn without_shared_factors(a: &Expr, b: &Expr) -> (Vec<Expr>, Vec<Expr>) {
    let factors = |e: &Expr| match e.node() {
        Node::Mul(xs) => xs.clone(),
        _ => vec![e.clone()],
    };
    let (xs, ys, _) = without_shared(factors(a), factors(b));
    (xs, ys)
}

/// The terms of `a` and of `b` (each a sum, or a single term) that the other lacks,
/// and those both have.
fn without_shared_terms(a: &Expr, b: &Expr) -> (Vec<Expr>, Vec<Expr>, Vec<Expr>) {
    let terms = |e: &Expr| match e.node() {
        Node::Add(ts) => ts.clone(),
        _ => vec![e.clone()],
    };
    without_shared(terms(a), terms(b))
}

/// The parts in `xs` that `ys` lacks, those in `ys` that `xs` lacks, and those both
/// have (matched by canonical form, each once).
fn without_shared(xs: Vec<Expr>, ys: Vec<Expr>) -> (Vec<Expr>, Vec<Expr>, Vec<Expr>) {
    // By canonical form, the positions in `ys` not yet matched: a sum of 9,000 terms
    // is matched in one pass, not one scan a term.
    let mut unmatched: FastMap<Expr, Vec<usize>> = FastMap::default();
    for (k, y) in ys.iter().enumerate().rev() {
        unmatched.entry(y.canonical()).or_default().push(k);
    }
    let mut kept = Vec::with_capacity(xs.len());
    let mut taken = vec![false; ys.len()];
    for x in xs {
        match unmatched.get_mut(&x.canonical()).and_then(Vec::pop) {
            Some(k) => taken[k] = true,
            None => kept.push(x),
        }
    }
    let (mut rest, mut shared) = (Vec::new(), Vec::new());
    for (y, taken) in ys.into_iter().zip(taken) {
        if taken {
            shared.push(y);
        } else {
            rest.push(y);
        }
    }
    (kept, rest, shared)
}

/// The check of `prev = next` as whole forms; see [`check_step_recorded`].
fn check_forms(
    forms: &Forms,
    ctx: &CheckContext,
    conditions: &mut Vec<Condition>,
) -> (Verdict, Check) {
    let (a, b) = (&forms.a, &forms.b);
    // Under assumptions (a normalized vector, `y = 0`) the points lie on a smaller
    // set, where a step may hold without holding everywhere, and where both forms
    // may be undefined throughout (`(y - 1) / (y - 1)` under `y = 1`). Equal
    // signatures still prove the forms equal, but only the numbers at points that
    // meet the assumptions show the step defined there; different signatures say
    // nothing.
    let assumed = !ctx.definitions.one_hot.is_empty()
        || ctx
            .definitions
            .facts
            .iter()
            .any(|f| f.kind == FactKind::Assumption);
    let exact = exact::compare(a, b, ctx.seed, &ctx.constraints);
    if exact == Exact::Equal && !assumed {
        // Decided; a rational function of exponentials has no domain to narrow.
        return (Verdict::Agree, Check::Exact);
    }
    let (verdict, tally) = numeric_step(forms, ctx, conditions);
    match (verdict, exact) {
        (v @ Verdict::Differ { .. }, _) => (v, Check::Undecided),
        (_, Exact::Different) if !assumed => (Verdict::Undecided, Check::Undecided),
        (Verdict::Agree, Exact::Equal) => (Verdict::Agree, Check::Exact),
        (Verdict::Agree, _) => (Verdict::Agree, tally.check()),
        (v, _) => (v, Check::Undecided),
    }
}

/// Where no point decides because parts of both forms have no value in any number
/// type, the forms compared with those parts replaced by generic functions at each
/// point (see [`generic`]): `Some(points)` when they agree at [`MIN_DEFINED`]
/// points that meet the chain's `conditions`. Where both sides are real they are
/// confirmed at high precision; elsewhere compared as complex functions, as
/// [`agree_as_complex_functions`] does. Only agreement counts: a point where they
/// differ, or where one side is real and the other is not, leaves the step
/// undecided.
fn agree_with_generic_parts(
    forms: &Forms,
    ctx: &CheckContext,
    conditions: &[Condition],
) -> Option<usize> {
    // Where the forms agree without the factors they share, so do they (`A X` and
    // `A Y` where `X = Y`); and a shared factor beyond reach (the outer layers of a
    // chain rule done one layer at a time) need not be replaced at all.
    let (xs, ys) = without_shared_factors(&forms.a, &forms.b);
    let (a, b) = (&crate::expr::mul(xs), &crate::expr::mul(ys));
    let depth = a.derivative_depth().max(b.derivative_depth());
    if depth > CONFIRMABLE_DEPTH || !generic::applicable(a, b) {
        return None;
    }
    // A step whose sides need different conditions (`exp(log(x))` and `x`) holds
    // only where the conditions do, which points drawn with generic parts cannot
    // say: such a step stays undecided.
    let (da, db) = (domain_conditions(a), domain_conditions(b));
    if da.len() != db.len() || !da.iter().all(|c| db.contains(c)) {
        return None;
    }
    let mut rng = crate::eval::Rng::new(ctx.seed.rotate_left(47));
    let mut agreed = 0;
    for attempt in 0..ATTEMPTS {
        if agreed == MIN_DEFINED {
            break;
        }
        let point = nth_point(ctx, &[a, b], attempt, &COMPLEX_RANGES, 53, Vec::new());
        if !conditions.iter().all(|c| holds(&point, c)) {
            continue;
        }
        let Some(replaced) = generic::at_point(a, b, &point, &mut rng) else {
            continue;
        };
        let real = replaced.x.value.is_real();
        if real != replaced.y.value.is_real() {
            return None;
        }
        let says = if real {
            if replaced.a.size() + replaced.b.size() > CONFIRMABLE_SIZE {
                continue;
            }
            confirmed(&point, &replaced.a, &replaced.b, depth)
        } else {
            complex_agreement(&replaced.x, &replaced.y, depth)
        };
        match says {
            Some(true) => agreed += 1,
            Some(false) => return None,
            None => {}
        }
    }
    (agreed >= MIN_DEFINED).then_some(agreed)
}

/// The numeric side of a step's check, with the points that decided it.
fn numeric_step(
    forms: &Forms,
    ctx: &CheckContext,
    conditions: &mut Vec<Condition>,
) -> (Verdict, Tally) {
    let (mut verdict, tally) = compare_unfolded(forms, ctx, conditions, Domain::Strict);
    if verdict == Verdict::Agree {
        // Where one side needs a condition the other does not, random points may all
        // fall where it holds: look where it fails.
        match compare_where_domains_differ(forms, ctx, conditions) {
            Ok(unprobed) => {
                for c in unprobed {
                    Condition::add_to(conditions, c);
                }
            }
            Err(differ) => verdict = differ,
        }
    }
    let Verdict::Differ { lhs, rhs, .. } = &verdict else {
        return (verdict, tally);
    };
    if lhs.is_nan() == rhs.is_nan() {
        return (verdict, tally);
    }
    let undefined = if lhs.is_nan() { &forms.a } else { &forms.b };
    let mut widened = conditions.clone();
    let before = widened.len();
    for c in domain_conditions(undefined) {
        Condition::add_to(&mut widened, c);
    }
    if widened.len() == before {
        return (verdict, tally);
    }
    match compare_unfolded(forms, ctx, &widened, Domain::Strict) {
        (Verdict::Agree, widened_tally) => {
            *conditions = widened;
            (Verdict::Agree, widened_tally)
        }
        _ => (verdict, tally),
    }
}

/// Look where a condition that only one side's domain has (`40 - x > 0` for
/// `exp(log(40 - x)) = 40 - x`) fails: `Err` with a point where the sides do not
/// agree there, else the conditions no drawn point could make fail. Those are
/// carried: the points never reach `x > 40`, so that the step holds beyond them is
/// not known, and a proof never narrows the domain silently.
fn compare_where_domains_differ(
    forms: &Forms,
    ctx: &CheckContext,
    conditions: &[Condition],
) -> Result<Vec<Condition>, Verdict> {
    let (da, db) = (domain_conditions(&forms.a), domain_conditions(&forms.b));
    let assumed = &ctx.definitions.conditions;
    let only_in = |xs: &[Condition], ys: &[Condition]| -> Vec<Condition> {
        xs.iter()
            .filter(|x| !ys.contains(x) && !conditions.contains(x) && !assumed.contains(x))
            .cloned()
            .collect()
    };
    let mut differing = only_in(&da, &db);
    differing.extend(only_in(&db, &da));
    let mut unprobed = Vec::new();
    for c in differing {
        // Where `c` fails is a set points can be drawn from unless it is `u = 0`.
        let Some(failing) = c.failing() else {
            unprobed.push(c);
            continue;
        };
        let mut under = conditions.to_vec();
        under.push(failing);
        match compare_unfolded(forms, ctx, &under, Domain::Strict) {
            (v @ Verdict::Differ { .. }, _) => return Err(v),
            (_, tally) if tally.met == 0 => unprobed.push(c),
            _ => {}
        }
    }
    Ok(unprobed)
}

/// Whether a point where only one side is defined refutes an equation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Domain {
    /// A step: both forms must be defined at the same points.
    Strict,
    /// A statement or an equation's residual: such points are skipped.
    Lenient,
}

fn compare_unfolded(
    forms: &Forms,
    ctx: &CheckContext,
    conditions: &[Condition],
    domain: Domain,
) -> (Verdict, Tally) {
    let (a, b) = (&forms.a, &forms.b);
    let mut all: Vec<Condition> = ctx.definitions.conditions.clone();
    all.extend(conditions.iter().cloned());
    let given: Vec<Condition> = all
        .iter()
        .map(|c| Condition {
            expr: ctx.definitions.unfold_all(&c.expr),
            relation: c.relation,
        })
        .collect();
    // Where a condition both sides need fails, both are undefined and the point says
    // nothing: draw only points that meet it.
    let (da, db) = (domain_conditions(a), domain_conditions(b));
    let conditions: Vec<Condition> = given
        .iter()
        .cloned()
        .chain(da.into_iter().filter(|c| db.contains(c)))
        .collect();
    // A condition on a lone symbol is met by drawing it positive; others by rejection.
    // So is one on an entry whose index no form has free (`x_j > 0` from a sum's
    // `log(x_j)`): it is about every entry, and all of them are drawn positive.
    let free = crate::expr::free_indices(&crate::expr::add(vec![a.clone(), b.clone()]));
    let every_entry = |s: &Symbol| {
        s.indices
            .iter()
            .all(|i| matches!(i, Index::Var(v) if !free.contains(v)))
    };
    let positive: Vec<Rc<str>> = conditions
        .iter()
        .filter_map(|c| c.expr.as_symbol().filter(|s| every_entry(s)))
        .map(|s| s.name.clone())
        .collect();
    let depth = a.derivative_depth().max(b.derivative_depth());
    let rounds = match domain {
        Domain::Strict => 1,
        Domain::Lenient => 2,
    };
    let mut tally = Tally {
        decided: 0,
        met: 0,
        generic: false,
    };
    let large = a.size() + b.size() > CONFIRMABLE_SIZE;
    // Expressions too large to confirm are decided on the fewest points that decide.
    let wanted = if large { MIN_DEFINED } else { POINTS } * rounds as usize;
    let mut budget = Budget {
        spot_check: !large,
        ties: CONFIRMED_TIES,
        confirmations: if large {
            0
        } else {
            CONFIRMATIONS * rounds as usize
        },
    };
    for attempt in 0..ATTEMPTS * rounds {
        if tally.decided == wanted {
            break;
        }
        let point = nth_point(ctx, &[a, b], attempt, &RANGES, 17, positive.clone());
        if !conditions.iter().all(|c| holds(&point, c)) {
            continue;
        }
        // The whole forms' values are these plus the shared terms'.
        let shared = forms.shared.as_ref().map_or(0.0, |e| point.eval(e));
        if !shared.is_finite() {
            continue;
        }
        tally.met += 1;
        match compare_at(&point, a, b, depth, domain, &mut budget) {
            AtPoint::Agree => tally.decided += 1,
            AtPoint::Skip => {}
            AtPoint::Differ {
                lhs,
                rhs,
                difference,
            } => {
                let at = point.assignments();
                let (lhs, rhs) = (lhs + shared, rhs + shared);
                let differ = Verdict::Differ {
                    at,
                    lhs,
                    rhs,
                    difference,
                };
                return (differ, tally);
            }
        }
    }
    if tally.decided >= MIN_DEFINED {
        return (Verdict::Agree, tally);
    }
    let points = match agree_as_complex_functions(a, b, ctx, depth) {
        ComplexSays::Agree(points) => points,
        // Only where no point has said anything against the step may its parts
        // beyond reach be replaced; the conditions the forms' domains need are
        // about those parts too, and are left out.
        ComplexSays::TooFew => match agree_with_generic_parts(forms, ctx, &given) {
            Some(points) => {
                tally.generic = true;
                points
            }
            None => return (Verdict::Undecided, tally),
        },
        ComplexSays::Doubt => return (Verdict::Undecided, tally),
    };
    (
        Verdict::Agree,
        Tally {
            decided: points,
            ..tally
        },
    )
}

/// What comparing two forms as complex functions came to.
enum ComplexSays {
    /// Agreement at this many points.
    Agree(usize),
    /// Too few points with values that are not real.
    TooFew,
    /// A point where they differ, or where one is real and the other is not.
    Doubt,
}

/// Where too few real points decide (an expression whose logarithms have arguments
/// negative for every real `x`, as random expression trees do, has no real value
/// anywhere), the two forms compared as complex functions, on the principal
/// branches, at real points where neither has a real value: agreement when they
/// agree at [`MIN_DEFINED`] such points. It never refutes (a difference of the
/// complex values says nothing about the real ones), and a point where one form has
/// a real value and the other has none ends it undecided: real values are the real
/// check's to judge. Values beyond `f64` are kept (see [`Complex`]); a point where
/// one is beyond even those exponents is skipped. No high-precision confirmation
/// exists here, so agreement is taken within the reach of `f64` (of difference
/// quotients, where derivatives are evaluated), relative to the values alone. Not
/// to the magnitudes a sum inside added up: they say nothing of the rounding left
/// after a quotient (`log(-1 - x^2) / (exp(exp(6)) + x)` beside `5 log(-1 - x^2)`,
/// with sums of 10^175, would agree within any share of those). Nor to 1: values
/// kept far below it (`exp(-exp(8))`, 10^-1295) would all agree.
fn agree_as_complex_functions(a: &Expr, b: &Expr, ctx: &CheckContext, depth: usize) -> ComplexSays {
    // Without the factors both share, the forms may have real values where the
    // whole ones have none (`log(-1 - x^2)` beside `(1 + 10^-14) log(-1 - x^2)`):
    // there they are confirmed at high precision, not taken as agreeing within the
    // reach of `f64`.
    let (xs, ys) = without_shared_factors(a, b);
    let rest = (xs.len() + ys.len() < factor_count(a) + factor_count(b))
        .then(|| (crate::expr::mul(xs), crate::expr::mul(ys)))
        .filter(|(x, y)| x.size() + y.size() <= CONFIRMABLE_SIZE && depth <= CONFIRMABLE_DEPTH);
    let mut agreed = 0;
    for attempt in 0..ATTEMPTS {
        if agreed == MIN_DEFINED {
            break;
        }
        let point = nth_point(ctx, &[a, b], attempt, &COMPLEX_RANGES, 29, Vec::new());
        let (x, y): (Evaluation<Complex>, Evaluation<Complex>) =
            (point.evaluate(a), point.evaluate(b));
        // Whether each has a real value is read off the complex evaluation, not
        // `f64`'s: there an overflow (`exp(exp(7))`, then `0 exp(exp(7))`) is as
        // undefined as the logarithm of a negative number.
        let real = x.value.is_real();
        if real != y.value.is_real() {
            return ComplexSays::Doubt;
        }
        if real {
            continue;
        }
        // Only a point where the whole forms have values decides.
        let says = match (complex_agreement(&x, &y, depth), &rest) {
            (Some(_), Some((ra, rb))) if real_at(&point, ra) && real_at(&point, rb) => {
                confirmed(&point, ra, rb, depth)
            }
            (says, _) => says,
        };
        match says {
            Some(true) => agreed += 1,
            Some(false) => return ComplexSays::Doubt,
            None => {}
        }
    }
    if agreed >= MIN_DEFINED {
        ComplexSays::Agree(agreed)
    } else {
        ComplexSays::TooFew
    }
}

/// Whether `a` and `b` agree at `point` at high precision (see [`confirm`]), both
/// defined there: `None` where that cannot be decided.
fn confirmed(point: &Point, a: &Expr, b: &Expr, depth: usize) -> Option<bool> {
    match confirm(point, a, b, depth, Domain::Strict) {
        AtPoint::Agree => Some(true),
        AtPoint::Differ { .. } => Some(false),
        AtPoint::Skip => None,
    }
}

/// How many factors `e` has as a product (one if it is none).
fn factor_count(e: &Expr) -> usize {
    match e.node() {
        Node::Mul(xs) => xs.len(),
        _ => 1,
    }
}

/// Whether `e` has a real value at `point` (read off its complex value: an overflow
/// in `f64` is no undefined value).
fn real_at(point: &Point, e: &Expr) -> bool {
    point.evaluate::<Complex>(e).value.is_real()
}

/// Whether two complex values agree within the reach of `f64` (of difference
/// quotients, for derivatives nested `depth` deep), relative to the values alone:
/// `None` where they say nothing (an unreliable difference quotient, or a value
/// beyond even [`Complex`]'s exponents).
fn complex_agreement(
    x: &Evaluation<Complex>,
    y: &Evaluation<Complex>,
    depth: usize,
) -> Option<bool> {
    // A few thousand ulps of the values.
    let reach: f64 = if depth > 0 { 1e-5 } else { 1e-12 };
    if !(x.reliable && y.reliable && x.value.is_finite() && y.value.is_finite()) {
        return None;
    }
    let gap = minus(&x.value, &y.value).log2_abs();
    // |x - y| <= reach (|x| + |y|), in `log2`: the values may be beyond `f64`.
    // Anything NaN is no agreement.
    let size = log2_of_sum(&[x.value.log2_abs(), y.value.log2_abs()]);
    Some(gap <= reach.log2() + size)
}

/// `log2` of the sum of the numbers whose `log2` are `logs`.
fn log2_of_sum(logs: &[f64]) -> f64 {
    let largest = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if largest == f64::NEG_INFINITY {
        return largest;
    }
    largest
        + logs
            .iter()
            .map(|l| (l - largest).exp2())
            .sum::<f64>()
            .log2()
}

/// What a comparison's points came to: how many met the conditions, and how many of
/// those decided (both sides defined and agreeing).
#[derive(Clone, Copy, Debug)]
struct Tally {
    met: usize,
    decided: usize,
    /// Whether the points that decided had parts replaced by generic functions.
    generic: bool,
}

impl Tally {
    /// The record of an agreement these points decided.
    fn check(self) -> Check {
        let points = self.decided;
        if self.generic {
            Check::Generic { points }
        } else {
            Check::Numeric { points }
        }
    }
}

/// Does the point satisfy `c`?
fn holds(point: &Point, c: &Condition) -> bool {
    c.relation.holds(point.eval(&c.expr))
}

/// What is left to spend on high-precision confirmation.
struct Budget {
    /// The next point with values is confirmed however close they are in `f64`.
    spot_check: bool,
    ties: usize,
    confirmations: usize,
}

/// What one point says.
enum AtPoint {
    Agree,
    /// The two values (NaN where undefined), and their difference, computed at the
    /// precision that confirmed it.
    Differ {
        lhs: f64,
        rhs: f64,
        difference: f64,
    },
    Skip,
}

fn compare_at(
    point: &Point,
    a: &Expr,
    b: &Expr,
    depth: usize,
    domain: Domain,
    budget: &mut Budget,
) -> AtPoint {
    let (x, y): (Evaluation<f64>, Evaluation<f64>) = (point.evaluate(a), point.evaluate(b));
    if x.reliable && y.reliable {
        match (x.value.is_finite(), y.value.is_finite()) {
            // A difference below what f64 resolves (a shift by 10^-12, or by
            // exp(-800), which underflows) shows only at high precision: one point
            // of each comparison is confirmed there, however close it looks.
            (true, true) if std::mem::take(&mut budget.spot_check) => {}
            (true, true) => {
                let gap = (x.value - y.value).abs();
                let size = 1.0 + x.value.abs() + y.value.abs();
                if gap <= TIGHT * size {
                    return AtPoint::Agree;
                }
                // Within what f64 and difference quotients can resolve: a near tie.
                let reach = if depth > 0 { 1e-5 } else { 1e-8 };
                let scale = x.scale.max(y.scale);
                let near = scale.is_finite() && gap <= reach * (size + scale);
                // Beyond [`CONFIRMABLE_DEPTH`] no near tie can be confirmed, and an
                // f64 third derivative agrees to 10^-5 with a step off by 10^-7: such
                // a point says nothing.
                if near && depth > CONFIRMABLE_DEPTH {
                    return AtPoint::Skip;
                }
                if near && budget.ties == 0 {
                    return AtPoint::Agree;
                }
                if near {
                    budget.ties -= 1;
                }
            }
            // Both undefined, as the logarithm of a negative number is; an overflow
            // (`exp(exp(7))`) is only `f64`'s, and is confirmed.
            (false, false) if x.value.is_nan() && y.value.is_nan() => return AtPoint::Skip,
            _ => {}
        }
    }
    if budget.confirmations == 0 {
        return AtPoint::Skip;
    }
    budget.confirmations -= 1;
    confirm(point, a, b, depth, domain)
}

/// Decide at high precision, where nothing overflows and rounding is far below any
/// difference that matters.
fn confirm(point: &Point, a: &Expr, b: &Expr, depth: usize, domain: Domain) -> AtPoint {
    // `log2` of gaps relative to the values and the terms they cancel: below `noise`,
    // the rounding of 320 bits (2^-320, divided by the step of 10^-30 with each
    // nested difference quotient, with room for its growth over many operations);
    // above `tolerance`, a difference. Beyond two levels rounding is too coarse to
    // decide anything.
    let (noise, tolerance) = match depth {
        0 => (-296.0, 1e-50f64.log2()),
        1 => (-220.0, 1e-40f64.log2()),
        2 => (-112.0, 1e-20f64.log2()),
        _ => return AtPoint::Skip,
    };
    debug_assert!(depth <= CONFIRMABLE_DEPTH);
    let (x, y): (Evaluation<Big>, Evaluation<Big>) = (point.evaluate(a), point.evaluate(b));
    if !x.reliable || !y.reliable {
        return AtPoint::Skip;
    }
    match (x.value.is_finite(), y.value.is_finite()) {
        (true, true) => {
            let gap = relative_gap(&x, &y);
            let values = AtPoint::Differ {
                lhs: x.value.to_f64(),
                rhs: y.value.to_f64(),
                difference: minus(&x.value, &y.value).to_f64(),
            };
            // Below the rounding of the magnitudes the forms added up, unless the
            // values differ beyond tolerance of themselves: `1 / (exp(exp(6)) + x)`
            // and `1` are both far below a sum of 10^175, and only twice the
            // precision (below) tells a difference from rounding.
            if gap <= noise && gap_of_values(&x, &y) <= tolerance {
                return AtPoint::Agree;
            }
            if gap > tolerance {
                return values;
            }
            // Between the two lies rounding that an ill-conditioned form amplified,
            // and a difference far below the values (1 beside exp(exp(5)), 10^-64 of
            // them). At twice the precision rounding falls by 2^-120 or more, and a
            // difference of the values stays as it is.
            let (x, y): (Evaluation<Wide>, Evaluation<Wide>) =
                (point.evaluate(a), point.evaluate(b));
            if !(x.reliable && y.reliable && x.value.is_finite() && y.value.is_finite()) {
                return AtPoint::Skip;
            }
            let wide = relative_gap(&x, &y);
            if wide <= gap - 64.0 {
                AtPoint::Agree
            } else if (wide - gap).abs() <= 2.0 {
                values
            } else {
                AtPoint::Skip
            }
        }
        (false, false) => AtPoint::Skip,
        (defined_x, _) if domain == Domain::Strict => {
            let value = |defined: bool, v: &Big| if defined { v.to_f64() } else { f64::NAN };
            AtPoint::Differ {
                lhs: value(defined_x, &x.value),
                rhs: value(!defined_x, &y.value),
                difference: f64::NAN,
            }
        }
        _ => AtPoint::Skip,
    }
}

fn minus<R: Real>(x: &R, y: &R) -> R {
    x.add(&y.mul(&R::from_f64(-1.0)))
}

/// `log2` of the gap between two values relative to the larger of them alone.
fn gap_of_values<R: Real>(x: &Evaluation<R>, y: &Evaluation<R>) -> f64 {
    minus(&x.value, &y.value).log2_abs() - (x.value.log2_abs().max(y.value.log2_abs()) + 2.0)
}

/// `log2` of the gap between two values, relative to the largest of them and of the
/// magnitudes their sums added up (values beyond `f64` included).
fn relative_gap<R: Real>(x: &Evaluation<R>, y: &Evaluation<R>) -> f64 {
    let gap = minus(&x.value, &y.value).log2_abs();
    let size = [
        x.value.log2_abs(),
        y.value.log2_abs(),
        x.scale_log2,
        y.scale_log2,
    ]
    .into_iter()
    .fold(0.0, f64::max)
        + 2.0;
    gap - size
}

#[cfg(test)]
mod mutation_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_expr, Names};

    fn step(a: &str, b: &str) -> (Verdict, Check) {
        check_step(
            &parse(a),
            &parse(b),
            &CheckContext::default(),
            &mut Vec::new(),
        )
    }

    /// The step's verdict from no condition, and the conditions its check added.
    fn step_conditions(a: &str, b: &str) -> (Verdict, Vec<Condition>) {
        let mut conditions = Vec::new();
        let (v, _) = check_step(
            &parse(a),
            &parse(b),
            &CheckContext::default(),
            &mut conditions,
        );
        (v, conditions)
    }

    #[test]
    fn a_form_with_no_real_value_anywhere_is_decided_by_its_complex_values() {
        // log(-1 - x^2) has no real value: only the complex values can tell.
        let (v, how) = step("log(-1 - x^2)", "log(-(1 + x^2))");
        assert_eq!(v, Verdict::Agree);
        assert!(matches!(how, Check::Numeric { points } if points >= MIN_DEFINED));
        let product = "d/dx (x log(-1 - x^2))";
        let (v, _) = step(product, "log(-1 - x^2) + x (-2x) / (-1 - x^2)");
        assert_eq!(v, Verdict::Agree);
        // A false step stays undecided: complex values never pass it, nor refute it.
        for wrong in ["log(-2 - x^2)", "log(-(1 + x^2)) + 10^-9"] {
            assert_eq!(
                step("log(-1 - x^2)", wrong).0,
                Verdict::Undecided,
                "{wrong}"
            );
        }
        let wrong = step(product, "log(-1 - x^2) + x (2x) / (-1 - x^2)");
        assert_eq!(wrong.0, Verdict::Undecided);
        // One side with real values and the other without is the real check's to
        // refute: `d/dx log(u)` has none where `u < 0` everywhere, `u' / u` has.
        for (a, b) in [
            ("log(-1 - x^2)", "log(1 + x^2)"),
            ("d/dx log(-1 - x^2)", "-2x / (-1 - x^2)"),
        ] {
            assert!(matches!(step(a, b).0, Verdict::Differ { .. }), "{a} = {b}");
        }
    }

    #[test]
    fn values_beyond_f64_are_compared_with_exponents_of_their_own() {
        // exp(exp(7)) is 10^476: in f64 it overflowed at every point, and a step
        // between forms without a real value was undecided.
        let (a, b) = (
            "exp(exp(7)) / log(-1 - x^2)",
            "exp(exp(7) - log(log(-1 - x^2)))",
        );
        let (v, how) = step(a, b);
        assert_eq!(v, Verdict::Agree);
        assert!(matches!(how, Check::Numeric { points } if points >= MIN_DEFINED));
        // Off by 10^-9 of the values, it is not passed.
        let off = format!("(1 + 10^-9) {b}");
        assert_eq!(step(a, &off).0, Verdict::Undecided);
        // exp(-exp(8)) underflowed to 0 and hid the factor beside it.
        let tiny = "exp(-exp(8)) log(-1 - x^2)";
        assert_eq!(step(tiny, &format!("2 {tiny}")).0, Verdict::Undecided);
        // 10^175 added up inside a quotient is no tolerance for what is left of it.
        let quotient = "log(-1 - x^2) / (exp(exp(6)) + x)";
        assert_eq!(step(quotient, "5 log(-1 - x^2)").0, Verdict::Undecided);
        // Real values beyond f64 are the real check's, confirmed at high precision:
        // where only one side has one, it refutes, or states where they agree.
        let (v, conditions) = step_conditions("(exp(exp(7)) / x) x", "exp(exp(7))");
        assert_eq!(v, Verdict::Agree);
        assert!(conditions.is_empty(), "{conditions:?}");
        let wrong = step("(exp(exp(7)) / x) x", "(1 + 10^-9) exp(exp(7))");
        assert!(matches!(wrong.0, Verdict::Differ { .. }), "{wrong:?}");
        let (v, conditions) = step_conditions("exp(exp(7)) sqrt(x)^2", "exp(exp(7)) x");
        assert_eq!(v, Verdict::Agree);
        assert_eq!(conditions.len(), 1, "{conditions:?}");
    }

    #[test]
    fn a_condition_both_whole_forms_need_is_no_condition_of_a_place() {
        // exp(exp(exp(4))) is beyond any exponent: the whole forms have no value
        // anywhere, and only the place a step rewrote can be checked.
        let terms: Vec<String> = (1..=300).map(|k| format!("{k} sin({k} x)")).collect();
        let form = |place: &str, around: &str| {
            format!(
                "({} + exp(exp(exp(4)))) {around} {place}",
                terms.join(" + ")
            )
        };
        // `exp(log(x)) = x` for x > 0, and with `log(x)` beside it both whole forms
        // are undefined elsewhere.
        let (before, after) = (form("exp(log(x))", "log(x)"), form("x", "log(x)"));
        let (v, conditions) = step_conditions(&before, &after);
        assert_eq!(v, Verdict::Agree);
        assert!(conditions.is_empty(), "{conditions:?}");
        // Without it, the step holds for x > 0 only, and is not passed as holding.
        let (before, after) = (form("exp(log(x))", "tanh(x)"), form("x", "tanh(x)"));
        let (v, conditions) = step_conditions(&before, &after);
        assert!(v != Verdict::Agree || !conditions.is_empty(), "{v:?}");
        // A wrong rewrite of the place is not passed either.
        let wrong = form("2 x", "log(x)");
        let before = form("exp(log(x))", "log(x)");
        assert_ne!(step(&before, &wrong).0, Verdict::Agree);
    }

    #[test]
    fn a_random_tree_s_derivative_off_by_a_little_is_not_passed() {
        // A random tree's derivative, with logarithms of negative numbers and
        // exponentials of exponentials: off by 10^-9 of its values, a step is not
        // passed, however it is checked.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/benches/cases/random_tree_n=1000.txt"
        );
        let tree = std::fs::read_to_string(path).expect("the random tree");
        let derived = crate::derive(tree.trim(), "x").expect("derived");
        let d = crate::to_text(&derived.steps.last().expect("a result").expr);
        assert_eq!(step(&d, &d).0, Verdict::Agree);
        for wrong in [
            format!("({d}) (1 + 10^-9)"),
            format!("{d} + 10^-9 tanh(x) ({d})"),
            format!("({d}) exp(10^-9 x)"),
        ] {
            assert_ne!(step(&d, &wrong).0, Verdict::Agree);
        }
    }

    #[test]
    fn terms_both_sides_share_hide_no_difference() {
        // 10^-64 of the values: below any rounding tolerance, seen without the
        // shared terms.
        let (v, _) = step("exp(exp(5)) + x", "exp(exp(5)) + x + 1");
        assert!(matches!(v, Verdict::Differ { .. }), "{v:?}");
        assert_eq!(
            step("exp(exp(5)) + x + x", "2 x + exp(exp(5))").0,
            Verdict::Agree
        );
        // A large form, whose check confirms nothing at high precision: a term of
        // 10^12 hid a shift by 1 within f64's agreement.
        let terms: Vec<String> = (1..=1500).map(|k| format!("{k} sin({k} x)")).collect();
        let big = format!("{} + 10^12 x", terms.join(" + "));
        assert!(step(&big, &big).0 == Verdict::Agree);
        let shifted = step(&big, &format!("{big} + 1"));
        assert!(matches!(shifted.0, Verdict::Differ { .. }), "{shifted:?}");
        // Where a shared term has no value, neither side has one: no point there
        // says anything, and the forms are never refuted there.
        let (v, _) = step("log(-1 - x^2) + x", "log(-1 - x^2) + x + 1");
        assert_eq!(v, Verdict::Undecided);
    }

    #[test]
    fn a_gap_between_rounding_and_tolerance_is_looked_at_again() {
        // 1 beside 7e64, with no term alone to show it: 2^-218 of the values.
        let wrong = step("exp(exp(5)) (x + 1)", "exp(exp(5)) x + exp(exp(5)) + 1");
        assert!(matches!(wrong.0, Verdict::Differ { .. }), "{wrong:?}");
        let wrong = step("d/dx (exp(exp(5)) x)", "exp(exp(5)) + 1");
        assert!(matches!(wrong.0, Verdict::Differ { .. }), "{wrong:?}");
        assert_eq!(
            step("exp(exp(5)) (x + 1)", "exp(exp(5)) x + exp(exp(5))").0,
            Verdict::Agree
        );
    }

    #[test]
    fn values_that_differ_are_shown_with_the_digits_that_tell_them_apart() {
        assert_eq!(describe_pair(0.5, 1.5), ("0.5".into(), "1.5".into()));
        assert_eq!(
            describe_pair(1_000_001.0, 1_000_002.0),
            ("1.000001e6".into(), "1.000002e6".into())
        );
        assert_eq!(describe_pair(f64::NAN, 2.0).0, "undefined");
        let (a, b) = describe_pair(2.5e64, 2.5e64);
        assert_eq!(a, "2.50000e64");
        assert!(b.starts_with("2.50000e64 as well"), "{b}");
    }

    #[test]
    fn a_large_form_is_checked_at_the_place_a_step_rewrote() {
        let terms: Vec<String> = (1..=400).map(|k| format!("{k} x^{k}")).collect();
        let around = |place: &str| format!("{} + exp({place}) x", terms.join(" + "));
        let before = around("sin(x)^2 + cos(x)^2");
        assert_eq!(step(&before, &around("1")).0, Verdict::Agree);
        assert!(matches!(
            step(&before, &around("2")).0,
            Verdict::Differ { .. }
        ));
        // The place's rewrite holds only given its context: the whole decides.
        let ctx = |place: &str| format!("{} + log(x) {place}", terms.join(" + "));
        assert_eq!(step(&ctx("sqrt(x^2)"), &ctx("x")).0, Verdict::Agree);
    }

    #[test]
    fn a_form_too_large_to_confirm_is_checked_at_each_place_it_rewrote() {
        let terms: Vec<String> = (1..=3000).map(|k| format!("{k} sin({k} x)")).collect();
        let s = terms.join(" + ");
        let form = |a: &str, b: &str| format!("({a}) ({s}) + exp({b})");
        let before = form("10^12 + x", "cosh(x)^2 - sinh(x)^2");
        // Two places rewritten, each checked at high precision where it stands.
        let after = form("x + 10^12", "1");
        assert_eq!(step(&before, &after).0, Verdict::Agree);
        assert_eq!(
            compare(&parse(&before), &parse(&after), &CheckContext::default()),
            Verdict::Agree
        );
        // A shift by 10^-3 beside 10^12 is 10^-15 of the values, within f64's
        // agreement; at its place it is a difference, and the whole is not taken
        // as agreeing.
        let shifted = form("10^12 + x + 1/1000", "1");
        assert_ne!(step(&before, &shifted).0, Verdict::Agree);
        let statement = compare(&parse(&before), &parse(&shifted), &CheckContext::default());
        assert_ne!(statement, Verdict::Agree);
    }

    #[test]
    fn a_product_is_checked_at_the_factors_it_does_not_share() {
        // The chain rule one level deeper: the factors before stay as they are.
        let c = "(1 - tanh(tanh(x))^2) (1 - tanh(x)^2)";
        let place = narrowest_place(
            &parse(&format!("{c} d/dx sin(x^3)")),
            &parse(&format!("{c} cos(x^3) d/dx x^3")),
        )
        .expect("narrower than the whole");
        assert_eq!(place.a, parse("d/dx sin(x^3)"));
        assert_eq!(place.b, parse("cos(x^3) d/dx x^3"));
        // A wrong factor is not hidden by the shared ones.
        let terms: Vec<String> = (1..=300).map(|k| format!("{k} sin({k} x)")).collect();
        let before = format!("({}) {c} d/dx sin(x^3)", terms.join(" + "));
        let after = |f: &str| format!("({}) {c} {f}", terms.join(" + "));
        assert_eq!(step(&before, &after("cos(x^3) 3 x^2")).0, Verdict::Agree);
        let wrong = step(&before, &after("cos(x^3) 3 x"));
        assert!(matches!(wrong.0, Verdict::Differ { .. }), "{wrong:?}");
    }

    fn parse(s: &str) -> Expr {
        parse_expr(s, &Names::default()).unwrap()
    }
}
