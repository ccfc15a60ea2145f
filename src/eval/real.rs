//! The numbers evaluation computes with: `f64` for speed, [`Big`], a 320-bit binary
//! float, to confirm at high precision what `f64` cannot settle (a cancellation, a
//! value near a pole, an overflow), and [`Wide`], at 640 bits, to tell rounding from
//! a difference far below the values. One evaluator serves all three.

use super::big_elementary;
use crate::expr::{Builtin, Rational};
use crate::fast_hash::FastMap;
use astro_float::{BigFloat, Consts, RoundingMode, Sign};
use num_traits::ToPrimitive;
use std::cell::RefCell;

/// What evaluation needs of a number type.
pub trait Real: Clone {
    fn from_f64(x: f64) -> Self;
    fn from_rational(n: &Rational) -> Self;
    fn add(&self, o: &Self) -> Self;
    fn mul(&self, o: &Self) -> Self;
    fn div(&self, o: &Self) -> Self;
    fn pow(&self, o: &Self) -> Self;
    fn builtin(&self, b: Builtin) -> Self;
    /// The nearest `f64` (infinite beyond its range, NaN when undefined).
    fn to_f64(&self) -> f64;
    /// `log2 |self|`, which stays finite far beyond `f64`'s range.
    fn log2_abs(&self) -> f64;
    fn is_finite(&self) -> bool;
    /// Is this a value beyond the type's range, which says nothing of the expression
    /// (`exp(exp(exp(5)))`, beyond even [`Big`]'s exponents)? `f64` screens and says
    /// no: its overflows are settled at high precision.
    fn overflowed(&self) -> bool {
        false
    }
    /// The derivative at `x0` of `f` by finite differences: NaN when the estimate
    /// cannot be trusted (a pole within the stencil).
    fn difference_quotient(x0: &Self, f: &dyn Fn(&Self) -> Self) -> Self;
}

impl Real for f64 {
    fn from_f64(x: f64) -> f64 {
        x
    }

    fn from_rational(n: &Rational) -> f64 {
        // Directly when numerator and denominator are small, as they almost always are.
        match (n.numer().to_i64(), n.denom().to_i64()) {
            (Some(p), Some(q)) if p.unsigned_abs() < 1 << 53 && q < 1 << 53 => p as f64 / q as f64,
            _ => n.to_f64().unwrap_or(f64::NAN),
        }
    }

    fn add(&self, o: &f64) -> f64 {
        self + o
    }

    fn mul(&self, o: &f64) -> f64 {
        self * o
    }

    fn div(&self, o: &f64) -> f64 {
        self / o
    }

    fn pow(&self, b: &f64) -> f64 {
        // An integer power of a negative number is defined; powf would give NaN.
        if b.fract() == 0.0 && b.abs() < 1e9 {
            self.powi(*b as i32)
        } else {
            self.powf(*b)
        }
    }

    fn builtin(&self, b: Builtin) -> f64 {
        let x = *self;
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

    fn to_f64(&self) -> f64 {
        *self
    }

    fn log2_abs(&self) -> f64 {
        self.abs().log2()
    }

    fn is_finite(&self) -> bool {
        f64::is_finite(*self)
    }

    /// Central differences refined by Richardson extrapolation (error of order h^4),
    /// with smaller steps for quickly varying bodies; two refinements that disagree
    /// at every step size mean the stencil is too close to a pole.
    fn difference_quotient(x0: &f64, f: &dyn Fn(&f64) -> f64) -> f64 {
        let central = |h: f64| (f(&(x0 + h)) - f(&(x0 - h))) / (2.0 * h);
        for scale in [1e-3, 1e-4, 1e-5] {
            let h = scale * (1.0 + x0.abs());
            let (d1, d2, d4) = (central(h), central(h / 2.0), central(h / 4.0));
            let (coarse, fine) = ((4.0 * d2 - d1) / 3.0, (4.0 * d4 - d2) / 3.0);
            if (coarse - fine).abs() <= 1e-7 * (1.0 + fine.abs()) {
                return fine;
            }
        }
        f64::NAN
    }
}

/// Bits of precision of [`Big`]: about 96 decimal digits, so that a difference
/// quotient with a step of 1e-30 still keeps some 65 digits.
pub(crate) const PRECISION: usize = 320;
const ROUNDING: RoundingMode = RoundingMode::ToEven;

thread_local! {
    /// The constants cache astro-float's transcendental functions need.
    static CONSTS: RefCell<Consts> = RefCell::new(Consts::new().expect("astro-float constants"));
    /// Values of built-in functions already computed, by function, precision and exact
    /// argument.
    /// A difference quotient by `x_i` moves one coordinate, so every `exp(x_k)` with
    /// `k != i` comes back at each of its four stencil points: at 320 bits, those
    /// repeats were most of a check's time.
    static KNOWN: RefCell<FastMap<(Builtin, usize, Argument), BigFloat>> = RefCell::new(FastMap::default());
}

/// Entries [`KNOWN`] keeps before it starts afresh: far more than one comparison
/// needs, and a bound on its memory.
const KNOWN_AT_MOST: usize = 1 << 14;

/// A finite [`Big`] exactly, as a key: sign, exponent and mantissa words.
type Argument = (bool, i32, Vec<u64>);

/// Forget the values [`KNOWN`] holds. Each run starts afresh (`check_context`), so
/// that what one run computes never speeds up another (a benchmark's next sample);
/// within a run they are kept from step to step, whose forms share most subtrees and
/// are confirmed at the same points.
pub(crate) fn forget_known_values() {
    KNOWN.with(|k| k.borrow_mut().clear());
}

fn argument(x: &BigFloat) -> Option<Argument> {
    let (mantissa, _, sign, exponent, _) = x.as_raw_parts()?;
    Some((sign == Sign::Neg, exponent, mantissa.to_vec()))
}

/// A binary float of `BITS` bits. The exponent range is so wide (2^(2^31)) that
/// little a check evaluates overflows: a NaN means the expression is undefined
/// there, and an infinity, an overflow, says nothing.
#[derive(Clone, Debug)]
pub struct Precise<const BITS: usize>(BigFloat);

/// The float that confirms what `f64` cannot settle.
pub type Big = Precise<PRECISION>;

/// Twice [`Big`]'s precision: a difference that stays when the precision doubles is
/// a difference of the values, one that falls with it was rounding.
pub type Wide = Precise<{ 2 * PRECISION }>;

impl<const BITS: usize> Precise<BITS> {
    fn with_consts(&self, f: impl FnOnce(&BigFloat, &mut Consts) -> BigFloat) -> Self {
        CONSTS.with(|cc| Self(f(&self.0, &mut cc.borrow_mut())))
    }

    fn int(n: i64) -> Self {
        Self(BigFloat::from_i64(n, BITS))
    }

    fn sub(&self, o: &Self) -> Self {
        Self(self.0.sub(&o.0, BITS, ROUNDING))
    }

    fn is_negative(&self) -> bool {
        self.0.is_negative()
    }

    /// `b` of `self`, computed.
    fn compute(&self, b: Builtin) -> Self {
        let p = BITS;
        let rm = ROUNDING;
        // Our own series are tuned to `Big`'s precision; other precisions use
        // astro-float's functions.
        let ours = BITS == PRECISION;
        match b {
            Builtin::Exp if ours => self.with_consts(|x, cc| big_elementary::exp(x, p, cc)),
            Builtin::Exp => self.with_consts(|x, cc| x.exp(p, rm, cc)),
            Builtin::Log if self.is_negative() || self.0.is_zero() => Self(BigFloat::nan(None)),
            Builtin::Log if ours => self.with_consts(|x, cc| big_elementary::ln(x, p, cc)),
            Builtin::Log => self.with_consts(|x, cc| x.ln(p, rm, cc)),
            Builtin::Sqrt if self.is_negative() => Self(BigFloat::nan(None)),
            Builtin::Sqrt => Self(self.0.sqrt(p, rm)),
            Builtin::Sin => self.with_consts(|x, cc| x.sin(p, rm, cc)),
            Builtin::Cos => self.with_consts(|x, cc| x.cos(p, rm, cc)),
            Builtin::Tan => self.with_consts(|x, cc| x.tan(p, rm, cc)),
            Builtin::Sinh => self.with_consts(|x, cc| x.sinh(p, rm, cc)),
            Builtin::Cosh => self.with_consts(|x, cc| x.cosh(p, rm, cc)),
            Builtin::Tanh => self.with_consts(|x, cc| x.tanh(p, rm, cc)),
            Builtin::Sigma => {
                let e = Self(self.0.neg()).builtin(Builtin::Exp);
                Self::int(1).div(&Self::int(1).add(&e))
            }
        }
    }
}

impl<const BITS: usize> Real for Precise<BITS> {
    fn from_f64(x: f64) -> Self {
        Self(BigFloat::from_f64(x, BITS))
    }

    fn from_rational(n: &Rational) -> Self {
        let part = |i: &num_bigint::BigInt| {
            CONSTS.with(|cc| {
                Self(BigFloat::parse(
                    &i.to_string(),
                    astro_float::Radix::Dec,
                    BITS,
                    ROUNDING,
                    &mut cc.borrow_mut(),
                ))
            })
        };
        match (n.numer().to_i64(), n.denom().to_i64()) {
            (Some(p), Some(q)) => Self::int(p).div(&Self::int(q)),
            _ => part(n.numer()).div(&part(n.denom())),
        }
    }

    fn add(&self, o: &Self) -> Self {
        Self(self.0.add(&o.0, BITS, ROUNDING))
    }

    fn mul(&self, o: &Self) -> Self {
        Self(self.0.mul(&o.0, BITS, ROUNDING))
    }

    fn div(&self, o: &Self) -> Self {
        if o.0.is_zero() {
            return Self(BigFloat::nan(None));
        }
        Self(self.0.div(&o.0, BITS, ROUNDING))
    }

    fn pow(&self, b: &Self) -> Self {
        let exponent = b.to_f64();
        if exponent.fract() == 0.0 && exponent.abs() < 1e6 {
            // Integer powers are defined for negative bases too.
            let n = exponent.abs() as usize;
            let p = Self(self.0.powi(n, BITS, ROUNDING));
            return if exponent < 0.0 {
                Self::int(1).div(&p)
            } else {
                p
            };
        }
        if self.is_negative() {
            return Self(BigFloat::nan(None));
        }
        self.with_consts(|x, cc| x.pow(&b.0, BITS, ROUNDING, cc))
    }

    fn builtin(&self, b: Builtin) -> Self {
        let Some(key) = argument(&self.0) else {
            return self.compute(b);
        };
        // Keyed by precision too: a 320-bit value never answers for a 640-bit one.
        let key = (b, BITS, key);
        if let Some(known) = KNOWN.with(|k| k.borrow().get(&key).cloned()) {
            return Self(known);
        }
        let value = self.compute(b);
        KNOWN.with(|k| {
            let mut known = k.borrow_mut();
            if known.len() >= KNOWN_AT_MOST {
                known.clear();
            }
            known.insert(key, value.0.clone());
        });
        value
    }
    fn to_f64(&self) -> f64 {
        let Some((mantissa, _, sign, exponent, _)) = self.0.as_raw_parts() else {
            return if self.0.is_nan() {
                f64::NAN
            } else if self.0.is_negative() {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            };
        };
        // The mantissa is a fraction in [1/2, 1) whose most significant word is last.
        let top = mantissa.last().copied().unwrap_or(0) as f64 / 2f64.powi(64);
        let magnitude = top * 2f64.powi(exponent);
        if sign == Sign::Neg {
            -magnitude
        } else {
            magnitude
        }
    }

    fn is_finite(&self) -> bool {
        !self.0.is_nan() && !self.0.is_inf()
    }

    /// Division by zero and logarithms of zero give NaN here, so an infinity is
    /// always an overflow.
    fn overflowed(&self) -> bool {
        self.0.is_inf()
    }

    fn log2_abs(&self) -> f64 {
        match self.0.as_raw_parts() {
            Some((mantissa, _, _, exponent, _)) => {
                let top = mantissa.last().copied().unwrap_or(0);
                if top == 0 {
                    f64::NEG_INFINITY
                } else {
                    f64::from(exponent) + (top as f64 / 2f64.powi(64)).log2()
                }
            }
            None if self.0.is_nan() => f64::NAN,
            None => f64::INFINITY,
        }
    }

    /// Central differences with a tiny step, refined by Richardson extrapolation. A
    /// body that varies too fast for the step (the two quotients disagree beyond the
    /// extrapolation's reach) gives NaN: the estimate cannot be trusted.
    fn difference_quotient(x0: &Self, f: &dyn Fn(&Self) -> Self) -> Self {
        // 10^-30 at 320 bits, so that some 65 digits are left; 10^-60 at 640.
        let step = 10f64.powi(-30 * (BITS / PRECISION) as i32);
        let h = Self::from_f64(step * (1.0 + x0.to_f64().abs()));
        let central = |h: &Self| f(&x0.add(h)).sub(&f(&x0.sub(h))).div(&h.add(h));
        let coarse = central(&h);
        let fine = central(&h.mul(&Self::from_f64(0.5)));
        let spread = coarse.sub(&fine).to_f64().abs();
        if spread > 1e-12 * (1.0 + fine.to_f64().abs()) {
            return Self(BigFloat::nan(None));
        }
        fine.mul(&Self::int(4)).sub(&coarse).div(&Self::int(3))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_floats_convert_back_and_compute_functions() {
        for x in [3.5, -0.1, 1e-30, 7e12] {
            assert_eq!(Big::from_f64(x).to_f64(), x);
        }
        let e = Big::from_f64(1.0).builtin(Builtin::Exp).to_f64();
        assert!((e - std::f64::consts::E).abs() < 1e-15);
        assert!(!Big::from_f64(-2.0).builtin(Builtin::Log).is_finite());
        assert!(!Big::from_f64(-2.0).builtin(Builtin::Sqrt).is_finite());
        // exp(1000) overflows f64 but not a Big.
        assert!(Big::from_f64(1000.0).builtin(Builtin::Exp).is_finite());
        let log2 = Big::from_f64(1000.0).builtin(Builtin::Exp).log2_abs();
        assert!(
            (log2 - 1000.0 / std::f64::consts::LN_2).abs() < 1e-9,
            "{log2}"
        );
        assert_eq!(Big::from_f64(-8.0).log2_abs(), 3.0);
        let third = Big::from_rational(&Rational::new(1.into(), 3.into())).to_f64();
        assert_eq!(third, 1.0 / 3.0);
    }

    #[test]
    fn wide_floats_hold_twice_the_digits() {
        // A Big's 1/3 is off by about 2^-322; a Wide's has those digits right.
        let third = Rational::new(1.into(), 3.into());
        let rounding = Wide::from_rational(&third).sub(&Precise(Big::from_rational(&third).0));
        assert!(
            (-330.0..-318.0).contains(&rounding.log2_abs()),
            "{}",
            rounding.log2_abs()
        );
        // astro-float's exp at 640 bits against our own at 320.
        let x = Rational::new(7.into(), 5.into());
        let (e1, e2) = (
            Big::from_rational(&x).builtin(Builtin::Exp),
            Wide::from_rational(&x).builtin(Builtin::Exp),
        );
        let gap = e1.sub(&Precise::<PRECISION>(e2.0.clone()));
        assert!(gap.log2_abs() < -315.0, "{}", gap.log2_abs());
        // A derivative to some 140 digits: d/dx exp(x) at 7/5.
        let d = Wide::difference_quotient(&Wide::from_rational(&x), &|v| v.builtin(Builtin::Exp));
        assert!(d.sub(&e2).log2_abs() < -400.0, "{}", d.sub(&e2).log2_abs());
    }
}
