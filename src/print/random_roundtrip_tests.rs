//! The printer round trip on seeded random expression trees, built through the same
//! smart constructors the rules use (which only the crate can call), and on random
//! text over the language's tokens. The hand-picked cases and the steps of real
//! derivations are in `tests/roundtrip.rs`.

use crate::expr::{self, Builtin, Expr, Index, Rational, Symbol};
use crate::parse::{parse_expr, Names};
use crate::selfcheck::expr_roundtrips;

fn assert_roundtrip(e: &Expr, what: &str) {
    if let Err(msg) = expr_roundtrips(e) {
        panic!("{what}: {msg}");
    }
}

/// A small seeded generator (xorshift64*), so failures reproduce without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn rational(n: i64, d: i64) -> Expr {
    Expr::num(Rational::new(n.into(), d.into()))
}

fn random_leaf(rng: &mut Rng) -> Expr {
    match rng.below(10) {
        0 => Expr::int(rng.below(10) as i64),
        1 => Expr::int(-(rng.below(9) as i64) - 1),
        2 => rational(rng.below(7) as i64 + 1, rng.below(5) as i64 + 2),
        3 => rational(-(rng.below(7) as i64) - 1, rng.below(5) as i64 + 2),
        4 => Expr::symbol(Symbol::indexed("x", vec![Index::Var("i".into())])),
        5 => Expr::symbol(Symbol::indexed("w", vec![Index::Fixed(1)])),
        6 => expr::delta(Index::Var("i".into()), Index::Var("j".into())),
        _ => Expr::sym(["x", "y", "a"][rng.below(3)]),
    }
}

/// A random tree of about `depth` levels over every construct the language has,
/// built through the smart constructors as the rules build their results.
fn random_expr(rng: &mut Rng, depth: usize) -> Expr {
    if depth == 0 || rng.below(5) == 0 {
        return random_leaf(rng);
    }
    let sub = |rng: &mut Rng| random_expr(rng, depth - 1);
    match rng.below(13) {
        0 => expr::add((0..2 + rng.below(2)).map(|_| sub(rng)).collect()),
        1 => {
            let a = sub(rng);
            expr::sub(a, sub(rng))
        }
        2 | 3 => expr::mul((0..2 + rng.below(2)).map(|_| sub(rng)).collect()),
        4 => {
            let a = sub(rng);
            let b = sub(rng);
            if b.is_zero() {
                a
            } else {
                expr::div(a, b)
            }
        }
        5 => {
            let base = sub(rng);
            let exp = match rng.below(4) {
                0 => Expr::int(rng.below(5) as i64 + 2),
                1 => Expr::int(-(rng.below(3) as i64) - 1),
                2 => rational(1, rng.below(3) as i64 + 2),
                _ => sub(rng),
            };
            if base.is_zero() {
                expr::pow(Expr::sym("x"), exp)
            } else {
                expr::pow(base, exp)
            }
        }
        6 => expr::neg(sub(rng)),
        7 | 8 => expr::call1(*rng.pick(&Builtin::ALL), sub(rng)),
        9 => expr::deriv(sub(rng), Symbol::plain("x")),
        10 => expr::deriv(sub(rng), Symbol::indexed("x", vec![Index::Var("i".into())])),
        // A sum's index must occur in its body and be bound once: one letter per
        // depth, and the body multiplied by an entry indexed by it.
        11 | 12 => {
            let k = ["k", "m", "r", "s", "t", "u", "v"][depth % 7];
            let entry = Expr::symbol(Symbol::indexed("z", vec![Index::Var(k.into())]));
            let body = expr::mul(vec![sub(rng), entry]);
            // A bound is an integer expression of names and integers.
            let upper = match rng.below(4) {
                0 => Expr::sym("n"),
                1 => expr::sub(Expr::sym("n"), Expr::one()),
                2 => Expr::int(rng.below(5) as i64 + 1),
                _ => expr::mul(vec![Expr::int(2), Expr::sym("m")]),
            };
            let lower = if rng.below(2) == 0 {
                Expr::one()
            } else {
                Expr::int(0)
            };
            expr::sum(k.into(), lower, upper, body)
        }
        _ => unreachable!("below(13)"),
    }
}

#[test]
fn random_trees_roundtrip() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut checked = 0;
    for case in 0..3000 {
        let e = random_expr(&mut rng, 4);
        // Past the limits on work (nested derivatives, terms of nested sums) no input
        // can state a tree, so the printer's promise does not reach it.
        if crate::input_limits::check_tree(&e).is_err() {
            continue;
        }
        checked += 1;
        assert_roundtrip(&e, &format!("random tree #{case}"));
    }
    assert!(checked > 2500, "only {checked} random trees checked");
}

/// Random text over the language's tokens: what parses must print back to itself.
#[test]
fn random_text_that_parses_roundtrips() {
    const TOKENS: &[&str] = &[
        "x", "y", "2", "0.5", "1/3", "x_i", "p_j", "delta_ij", "+", "-", "*", "/", "^", "(", ")",
        " ", "exp(", "sigma(", "tanh(", "log(", "d/dx ", "sum_k ", "-",
    ];
    let mut rng = Rng(0xfeed_0042);
    let mut parsed = 0;
    for case in 0..5000 {
        let len = 1 + rng.below(12);
        let src: String = (0..len).map(|_| *rng.pick(TOKENS)).collect();
        if let Ok(e) = parse_expr(&src, &Names::default()) {
            parsed += 1;
            assert_roundtrip(&e, &format!("random text #{case} `{src}`"));
        }
    }
    assert!(parsed > 200, "only {parsed} random strings parsed");
}
