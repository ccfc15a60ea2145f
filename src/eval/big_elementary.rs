//! `exp` and `ln` at [`Big`](super::real::Big)'s precision by argument reduction and
//! a short series. A derivative's check confirms each near tie at four points of a
//! difference quotient, and at 320 bits astro-float's own `exp` and `ln` took most
//! of that time (about 3 and 6 times what these take): the logarithm of a softmax's
//! sum of exponentials is in every cross-entropy step. Both are checked against
//! astro-float's functions, to the last bit but a few, in the tests below.

use astro_float::{BigFloat, Consts, RoundingMode, Sign};
use std::cell::OnceCell;

/// Working precision: the result's bits and a margin for the rounding of the
/// reduction and the series (the twelve squarings of `exp` cost twelve bits).
const WORK: usize = super::real::PRECISION + 64;
const ROUNDING: RoundingMode = RoundingMode::ToEven;

/// `ln` reduces the mantissa `m` in `[3/4, 3/2)` to `m / c` near 1, with `c` the
/// nearest multiple of `1 / GRID`, whose logarithms are tabled. Near 1, `c` is 1 and
/// nothing cancels: `ln(1 + 10^-40)` keeps its relative precision, and `ln 1` is 0.
const GRID: i64 = 32;
/// Terms of `atanh(z) = z + z^3/3 + ...` for `|z| <= 1/97`: each term gains 13 bits.
const LN_TERMS: usize = 32;
/// `exp` halves its reduced argument `HALVINGS` times (then squares back), so that
/// `|r| < 2^-13` and `EXP_TERMS` terms of Taylor's series reach [`WORK`] bits.
const HALVINGS: i32 = 12;
const EXP_TERMS: usize = 22;
/// Beyond this magnitude `exp`'s result leaves the exponent range this reduction
/// handles; astro-float's own function takes those.
const EXP_LARGEST: f64 = 1e6;

/// The constants of the series, computed once per thread.
struct Tables {
    ln_2: BigFloat,
    /// `ln(n / GRID)` for `n` from `3/4 GRID` to `3/2 GRID`, each computed when first
    /// needed (by astro-float), so that a run pays only for the few it meets.
    ln_grid: Vec<OnceCell<BigFloat>>,
    /// `1 / (2 n + 1)`.
    odd_reciprocals: Vec<BigFloat>,
    /// `1 / n!`.
    factorial_reciprocals: Vec<BigFloat>,
}

thread_local! {
    static TABLES: OnceCell<Tables> = const { OnceCell::new() };
}

fn int(n: i64) -> BigFloat {
    BigFloat::from_i64(n, WORK)
}

/// The smallest and largest `n` of a grid point `n / GRID` that `ln` divides by.
const GRID_FIRST: i64 = GRID * 3 / 4;
const GRID_LAST: i64 = GRID * 3 / 2;

/// The grid point `n / GRID`, exactly.
fn grid_point(n: i64) -> BigFloat {
    int(n).div(&int(GRID), WORK, ROUNDING)
}

/// `ln 2` rounded to `WORK + 64` bits, its mantissa's words from the least
/// significant (`0.b1b2... x 2^0`). Written out because astro-float computes it by a
/// series on first use: a twentieth of the instructions of a short run such as one
/// `prove`. The test `ln_2_is_astro_floats_to_the_last_bit` compares the two.
const LN_2_WORDS: [u64; 7] = [
    0xed2eae35c1382144,
    0x559552fb4afa1b10,
    0xe7b876206debac98,
    0x8a0d175b8baafa2b,
    0x40f343267298b62d,
    0xc9e3b39803f2f6af,
    0xb17217f7d1cf79ab,
];
const _: () = assert!(64 * LN_2_WORDS.len() == WORK + 64);

fn ln_2() -> BigFloat {
    BigFloat::from_words(&LN_2_WORDS, Sign::Pos, 0)
}

fn tables() -> Tables {
    let one = int(1);
    let mut factorial_reciprocals = vec![one.clone()];
    for n in 1..=EXP_TERMS {
        let next = factorial_reciprocals[n - 1].div(&int(n as i64), WORK, ROUNDING);
        factorial_reciprocals.push(next);
    }
    Tables {
        ln_2: ln_2(),
        ln_grid: (GRID_FIRST..=GRID_LAST).map(|_| OnceCell::new()).collect(),
        odd_reciprocals: (0..LN_TERMS)
            .map(|n| one.div(&int(2 * n as i64 + 1), WORK, ROUNDING))
            .collect(),
        factorial_reciprocals,
    }
}

fn with_tables<T>(cc: &mut Consts, f: impl FnOnce(&Tables, &mut Consts) -> T) -> T {
    TABLES.with(|t| f(t.get_or_init(tables), cc))
}

/// `x * 2^k`, exactly.
fn scaled(mut x: BigFloat, k: i32) -> BigFloat {
    if let Some(e) = x.exponent() {
        if !x.is_zero() {
            x.set_exponent(e + k);
        }
    }
    x
}

/// `ln x` for a finite `x > 0`, rounded to `precision` bits: with `x = m 2^e`, `m`
/// in `[3/4, 3/2)` and `c` the grid point nearest `m`,
/// `ln x = e ln 2 + ln c + 2 atanh((m - c) / (m + c))`.
pub fn ln(x: &BigFloat, precision: usize, cc: &mut Consts) -> BigFloat {
    let Some((mantissa, _, _, exponent, _)) = x.as_raw_parts() else {
        return x.ln(precision, ROUNDING, cc);
    };
    let top = mantissa.last().copied().unwrap_or(0);
    if x.is_negative() || top >> 63 == 0 {
        // Not positive, or not normalized (subnormal): astro-float's function.
        return x.ln(precision, ROUNDING, cc);
    }
    // The mantissa is a fraction f in [1/2, 1); below 3/4 it is doubled.
    let f = top as f64 / 2f64.powi(64);
    let (m_approx, shift) = if f < 0.75 { (2.0 * f, 1) } else { (f, 0) };
    let mut m = x.clone();
    m.set_exponent(shift);
    let e = i64::from(exponent) - i64::from(shift);
    let n = ((m_approx * GRID as f64).round() as i64).clamp(GRID_FIRST, GRID_LAST);
    with_tables(cc, |t, cc| {
        let c = grid_point(n);
        let z = m
            .sub(&c, WORK, ROUNDING)
            .div(&m.add(&c, WORK, ROUNDING), WORK, ROUNDING);
        let z2 = z.mul(&z, WORK, ROUNDING);
        let mut series = t.odd_reciprocals[LN_TERMS - 1].clone();
        for k in (0..LN_TERMS - 1).rev() {
            series = series
                .mul(&z2, WORK, ROUNDING)
                .add(&t.odd_reciprocals[k], WORK, ROUNDING);
        }
        let two_atanh = scaled(series.mul(&z, WORK, ROUNDING), 1);
        let e_ln_2 = t.ln_2.mul(&int(e), WORK + 64, ROUNDING);
        let ln_c = t.ln_grid[(n - GRID_FIRST) as usize].get_or_init(|| c.ln(WORK, ROUNDING, cc));
        two_atanh
            .add(ln_c, WORK, ROUNDING)
            .add(&e_ln_2, precision, ROUNDING)
    })
}

/// `exp x` rounded to `precision` bits: with `x = k ln 2 + r`, `exp x = 2^k exp(r)`,
/// and `exp(r)` is `exp(r / 2^12)` squared twelve times.
pub fn exp(x: &BigFloat, precision: usize, cc: &mut Consts) -> BigFloat {
    let Some(approx) = to_f64(x) else {
        return x.exp(precision, ROUNDING, cc);
    };
    if approx.abs() > EXP_LARGEST {
        return x.exp(precision, ROUNDING, cc);
    }
    let k = (approx / std::f64::consts::LN_2).round() as i64;
    with_tables(cc, |t, _| {
        let k_ln_2 = t.ln_2.mul(&int(k), WORK + 64, ROUNDING);
        let r = scaled(x.sub(&k_ln_2, WORK, ROUNDING), -HALVINGS);
        let mut series = t.factorial_reciprocals[EXP_TERMS].clone();
        for n in (0..EXP_TERMS).rev() {
            series =
                series
                    .mul(&r, WORK, ROUNDING)
                    .add(&t.factorial_reciprocals[n], WORK, ROUNDING);
        }
        for _ in 0..HALVINGS {
            series = series.mul(&series, WORK, ROUNDING);
        }
        let mut out = scaled(series, k as i32);
        // Rounding to the result's precision cannot fail for a finite number.
        let _ = out.set_precision(precision, ROUNDING);
        out
    })
}

/// The nearest `f64` of a finite `x` (its top 64 bits suffice to pick `k`).
fn to_f64(x: &BigFloat) -> Option<f64> {
    let (mantissa, _, _, exponent, _) = x.as_raw_parts()?;
    let top = mantissa.last().copied().unwrap_or(0) as f64 / 2f64.powi(64);
    let magnitude = top * 2f64.powi(exponent);
    Some(if x.is_negative() {
        -magnitude
    } else {
        magnitude
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::real::PRECISION;

    /// `ours` is astro-float's `theirs` (the value of `f` at `x`) but for the last
    /// few bits; exactly 0 where theirs is.
    fn assert_agrees(f: &str, x: &BigFloat, ours: &BigFloat, theirs: &BigFloat) {
        if theirs.is_zero() {
            assert!(ours.is_zero(), "{f} {x}: {ours}");
            return;
        }
        let d = ours.sub(theirs, PRECISION, ROUNDING);
        let err = if d.is_zero() {
            i32::MIN
        } else {
            d.exponent().unwrap() - theirs.exponent().unwrap()
        };
        assert!(
            err < -(PRECISION as i32) + 4,
            "{f} {x}: {ours} vs {theirs} (2^{err})"
        );
    }

    fn arguments(values: impl Iterator<Item = f64>) -> Vec<BigFloat> {
        values.map(|v| BigFloat::from_f64(v, PRECISION)).collect()
    }

    /// `count` arguments with every bit of the mantissa in use (a float divided by
    /// an odd number), of magnitudes `2^lo` to `2^hi`, and either sign if asked.
    fn full_precision(count: usize, lo: f64, hi: f64, signed: bool) -> Vec<BigFloat> {
        let mut rng = crate::eval::Rng::new(17);
        (0..count)
            .map(|_| {
                let sign = if signed && rng.next_u64() & 1 == 1 {
                    -1.0
                } else {
                    1.0
                };
                let v = sign * rng.uniform(lo, hi).exp2();
                let k = 2 * (rng.next_u64() % 1000) as i64 + 3;
                BigFloat::from_f64(v * k as f64, PRECISION).div(&int(k), PRECISION, ROUNDING)
            })
            .collect()
    }

    #[test]
    fn ln_2_is_astro_floats_to_the_last_bit() {
        let mut cc = Consts::new().unwrap();
        let theirs = cc.ln_2(WORK + 64, ROUNDING);
        assert_eq!(ln_2().cmp(&theirs), Some(0), "{} vs {}", ln_2(), theirs);
        assert_eq!(ln_2().mantissa_max_bit_len(), Some(WORK + 64));
    }

    #[test]
    fn ln_agrees_with_astro_float_to_the_last_bits() {
        let mut cc = Consts::new().unwrap();
        let mut xs = arguments((1..300).map(|i| 0.0371 * f64::from(i) + 1e-3));
        xs.extend(arguments((1..60).map(|i| 1.0 + 1e-12 * f64::from(i))));
        xs.extend(arguments((1..60).map(|i| 1.0 - 1e-9 * f64::from(i))));
        xs.extend(arguments(
            (0..100).map(|i| 1.2345 * 10f64.powi(i * 6 - 300)),
        ));
        xs.extend(full_precision(400, -900.0, 900.0, false));
        xs.extend(full_precision(200, -1.0, 1.0, false));
        // A third, at full precision; 1 and its near neighbours, where nothing may
        // cancel; the edges of the reduction (3/4, 3/2) and between grid points.
        xs.push(int(1).div(&int(3), PRECISION, ROUNDING));
        let tiny = BigFloat::from_f64(1e-40, PRECISION);
        xs.push(int(1).add(&tiny, PRECISION, ROUNDING));
        xs.push(int(1).sub(&tiny, PRECISION, ROUNDING));
        let edges = [1.0, 0.75, 0.75 - 1e-16, 1.5, 1.5 - 1e-15, 2.0, 0.5];
        xs.extend(arguments(edges.into_iter()));
        let between = |k: f64| (2.0 * k + 1.0) / 64.0;
        xs.extend(arguments((24..48).map(|k| between(f64::from(k)))));
        for x in &xs {
            let theirs = x.ln(PRECISION, ROUNDING, &mut cc);
            assert_agrees("ln", x, &ln(x, PRECISION, &mut cc), &theirs);
        }
    }

    #[test]
    fn exp_agrees_with_astro_float_to_the_last_bits() {
        let mut cc = Consts::new().unwrap();
        let mut xs = arguments((0..400).map(|i| 0.173 * f64::from(i) - 37.0));
        xs.extend(arguments((1..60).map(|i| 1e-13 * f64::from(i))));
        xs.extend(arguments((1..60).map(|i| -1e-7 * f64::from(i))));
        xs.extend(arguments((0..80).map(|i| -2000.0 + 51.3 * f64::from(i))));
        xs.extend(arguments(
            [0.0, 1.0, -1.0, 0.5 * std::f64::consts::LN_2, 9e5, -9e5].into_iter(),
        ));
        xs.push(int(1).div(&int(3), PRECISION, ROUNDING));
        xs.extend(full_precision(400, -20.0, 10.0, true));
        for x in &xs {
            let theirs = x.exp(PRECISION, ROUNDING, &mut cc);
            assert_agrees("exp", x, &exp(x, PRECISION, &mut cc), &theirs);
        }
    }

    #[test]
    fn beyond_the_reduction_astro_float_answers() {
        let mut cc = Consts::new().unwrap();
        let huge = BigFloat::from_f64(3e9, PRECISION);
        assert!(exp(&huge, PRECISION, &mut cc).is_inf());
        let tiny = BigFloat::from_f64(1e-300, PRECISION).mul(
            &BigFloat::from_f64(1e-300, PRECISION),
            PRECISION,
            ROUNDING,
        );
        let theirs = tiny.ln(PRECISION, ROUNDING, &mut cc);
        assert_agrees("ln", &tiny, &ln(&tiny, PRECISION, &mut cc), &theirs);
    }
}
