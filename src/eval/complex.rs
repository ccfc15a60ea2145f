//! Complex numbers in `f64` with an exponent of their own, with the principal
//! branches of `log`, `sqrt` and non-integer powers. An expression can be undefined
//! at every real point (the logarithm of an argument that is negative for every real
//! `x`, as in random expression trees), and then no real point can tell whether a
//! step holds; the values of both forms as complex functions still can, and the step
//! check falls back on them there (see `verify`). The evaluator is the same one,
//! generic over [`Real`].
//!
//! Such trees hold exponentials of exponentials of constants (`exp(exp(7))`, near
//! 10^476): in plain `f64` they overflow at every point, and nothing is left to
//! compare. A separate exponent keeps them, and the tiny values of `exp(-exp(8))`
//! that would otherwise underflow to a zero hiding every factor beside it.

use super::real::Real;
use crate::expr::{Builtin, Rational};

/// `(re + i im) 2^k`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Complex {
    re: f64,
    im: f64,
    k: i64,
    /// Whether this value and every value it was computed from are real: whether
    /// the real evaluation has a value here (in `f64`, an overflow hides that).
    /// `sqrt(-4)^2` is `-4`, but not real in this sense.
    real: bool,
}

/// The parts are kept within `2^-WINDOW..2^WINDOW` of each other's largest (or are
/// zero, or not finite): a product or quotient of two such never leaves `f64`, and
/// values of ordinary size keep `k = 0` and compute as plain `f64`.
const WINDOW: i32 = 500;
/// Exponents beyond this (values beyond 10^(3.3 10^11), or below its inverse) are
/// beyond the type: such a value is NaN (undefined here), never a wrong number. An
/// underflow is one too: a zero would hide whatever it multiplies.
const MAX_EXPONENT: i64 = 1 << 40;
/// `ln 2` in two parts, the first with 21 trailing zeros, so that `n ln 2` is exact
/// in the reduction of `exp` (Cody and Waite) wherever `n` is below 2^21; beyond,
/// the argument's own rounding is larger.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// Beyond this the imaginary part of an exponential's argument has no digit below
/// the units (2^53): its phase, and so its value, is not known.
const PHASE_LIMIT: f64 = 9.007_199_254_740_992e15;
/// Beyond this real part, `tanh` and `sigma` are their limits to far below `f64`'s
/// precision (`e^-800`), where the exponential they hold may be beyond the type.
const SATURATED: f64 = 400.0;

/// `x 2^n`, in steps that stay within `f64`'s exponents: infinite or zero beyond
/// them (an `f64` is at least 2^-1074 and below 2^1024, so that 2^2100 and 2^-2200
/// are as far as any needs).
fn ldexp(mut x: f64, n: i64) -> f64 {
    let pow2 = |n: i64| f64::from_bits(((n + 1023) as u64) << 52);
    let mut n = n.clamp(-2200, 2100);
    while n > 1000 {
        x *= pow2(1000);
        n -= 1000;
    }
    while n < -1000 {
        x *= pow2(-1000);
        n += 1000;
    }
    x * pow2(n)
}

impl Complex {
    const ONE: Complex = Complex {
        re: 1.0,
        im: 0.0,
        k: 0,
        real: true,
    };
    const NAN: Complex = Complex {
        re: f64::NAN,
        im: f64::NAN,
        k: 0,
        real: false,
    };

    #[cfg(test)]
    fn new(re: f64, im: f64) -> Complex {
        Complex::scaled(re, im, 0)
    }

    /// `(re + i im) 2^k`, its parts brought back within [`WINDOW`] if they left it;
    /// real if it is real and finite (see [`Complex::of_reals`] for what it was
    /// computed from).
    fn scaled(re: f64, im: f64, k: i64) -> Complex {
        let real = im == 0.0 && re.is_finite();
        if !(re.is_finite() && im.is_finite()) {
            return Complex { re, im, k: 0, real };
        }
        let largest = re.abs().max(im.abs());
        if largest == 0.0 {
            return Complex { re, im, k: 0, real };
        }
        // The binary exponent of `largest`, read off its bits where it is normal.
        let e = match ((largest.to_bits() >> 52) & 0x7ff) as i32 {
            0 => largest.log2().floor() as i32,
            biased => biased - 1023,
        };
        let e = if e.abs() <= WINDOW { 0 } else { i64::from(e) };
        // The exponents of two operands add up (a product, a square in a power): a
        // bound on every value keeps them within `i64`.
        let k = k + e;
        if k.abs() > MAX_EXPONENT {
            return Complex::NAN;
        }
        if e == 0 {
            return Complex { re, im, k, real };
        }
        Complex {
            re: ldexp(re, -e),
            im: ldexp(im, -e),
            k,
            real,
        }
    }

    /// This value, computed from values that were all real or not.
    fn of_reals(mut self, real: bool) -> Complex {
        self.real &= real;
        self
    }

    /// Whether the real evaluation has a value here, the same as this one: every
    /// value this one was computed from is real and finite.
    pub fn is_real(&self) -> bool {
        self.real && self.is_finite()
    }

    /// `|self|`, infinite beyond `f64`'s range.
    pub fn abs(&self) -> f64 {
        ldexp(self.re.hypot(self.im), self.k)
    }

    fn is_zero(&self) -> bool {
        self.re == 0.0 && self.im == 0.0
    }

    /// The real and imaginary parts as `f64` (infinite or zero beyond its range).
    fn parts(&self) -> (f64, f64) {
        (ldexp(self.re, self.k), ldexp(self.im, self.k))
    }

    fn sub(&self, o: &Complex) -> Complex {
        self.add(&o.scale(-1.0))
    }

    fn scale(&self, c: f64) -> Complex {
        Complex::scaled(self.re * c, self.im * c, self.k).of_reals(self.real)
    }

    fn sum(&self, o: &Complex) -> Complex {
        if self.k == o.k || !(self.is_finite() && o.is_finite()) {
            return Complex::scaled(self.re + o.re, self.im + o.im, self.k.max(o.k));
        }
        if self.is_zero() {
            return *o;
        }
        if o.is_zero() {
            return *self;
        }
        let (large, small) = if self.k > o.k { (self, o) } else { (o, self) };
        // Beyond 2^-1100 of the larger, the smaller is below its rounding.
        let d = large.k - small.k;
        if d > 1100 {
            return *large;
        }
        Complex::scaled(
            large.re + ldexp(small.re, -d),
            large.im + ldexp(small.im, -d),
            large.k,
        )
    }

    fn quotient(&self, o: &Complex) -> Complex {
        // Smith's algorithm: no overflow from squaring the denominator.
        let k = self.k - o.k;
        if o.re.abs() >= o.im.abs() {
            let r = o.im / o.re;
            let d = o.re + o.im * r;
            Complex::scaled((self.re + self.im * r) / d, (self.im - self.re * r) / d, k)
        } else {
            let r = o.re / o.im;
            let d = o.re * r + o.im;
            Complex::scaled((self.re * r + self.im) / d, (self.im * r - self.re) / d, k)
        }
    }

    fn power(&self, b: &Complex) -> Complex {
        let (re, im) = b.parts();
        if im == 0.0 && re.fract() == 0.0 && re.abs() < 1e9 {
            return self.powi(re as i64);
        }
        if self.is_zero() {
            return Complex::NAN;
        }
        b.mul(&self.ln()).exp()
    }

    fn function(&self, f: Builtin) -> Complex {
        // Of a real number of ordinary size, the real function where it has a
        // value: exactly real (`tan` through `tanh(i x)` is not), and the `f64` one
        // the real check computes. Not where it underflows: `sigma(-800)` is not 0.
        if self.im == 0.0 && self.k == 0 {
            let r = self.re.builtin(f);
            let exact_zero = self.re == 0.0 || f == Builtin::Log;
            if r.is_finite() && (r.abs() >= f64::MIN_POSITIVE || r == 0.0 && exact_zero) {
                return Complex::from_f64(r);
            }
        }
        let i = Complex::scaled(0.0, 1.0, 0);
        match f {
            Builtin::Exp => self.exp(),
            Builtin::Log => self.ln(),
            Builtin::Sqrt => self.sqrt(),
            // sin z = -i sinh(i z), cos z = cosh(i z), tan z = -i tanh(i z).
            Builtin::Sin => i.mul(self).builtin(Builtin::Sinh).mul(&i).scale(-1.0),
            Builtin::Cos => i.mul(self).builtin(Builtin::Cosh),
            Builtin::Tan => i.mul(self).tanh().mul(&i).scale(-1.0),
            Builtin::Sinh => self.sinh_cosh(1.0),
            Builtin::Cosh => self.sinh_cosh(-1.0),
            Builtin::Tanh => self.tanh(),
            // 1 / (1 + e^-z), or e^z / (1 + e^z) where e^-z would be beyond the type.
            Builtin::Sigma => {
                let re = self.real_part();
                if re > SATURATED {
                    Complex::ONE
                } else if re < -SATURATED {
                    self.exp()
                } else {
                    Complex::ONE.div(&Complex::ONE.add(&self.scale(-1.0).exp()))
                }
            }
        }
    }

    fn exp(&self) -> Complex {
        if !self.is_finite() {
            return Complex::NAN;
        }
        let (re, im) = self.parts();
        if im.abs() > PHASE_LIMIT || re.abs() > MAX_EXPONENT as f64 * LN2_HI {
            return Complex::NAN;
        }
        // e^re = e^r 2^n with |r| <= ln(2) / 2.
        let n = (re / std::f64::consts::LN_2).round();
        let r = (re - n * LN2_HI) - n * LN2_LO;
        let m = r.exp();
        if im == 0.0 {
            return Complex::scaled(m, 0.0, n as i64);
        }
        Complex::scaled(m * im.cos(), m * im.sin(), n as i64)
    }

    /// The principal logarithm: imaginary part in (-pi, pi], a negative real number
    /// (whatever the sign of its zero imaginary part) at pi.
    fn ln(&self) -> Complex {
        let modulus = self.re.hypot(self.im).ln() + self.k as f64 * std::f64::consts::LN_2;
        Complex::scaled(modulus, (self.im + 0.0).atan2(self.re), 0)
    }

    /// The principal square root, directly: through `exp(log(z) / 2)` it would lose
    /// the digits of a large `log`.
    fn sqrt(&self) -> Complex {
        if self.is_zero() || !self.is_finite() {
            return *self;
        }
        let (mut re, mut im, mut k) = (self.re, self.im, self.k);
        if k.rem_euclid(2) == 1 {
            (re, im, k) = (re * 2.0, im * 2.0, k - 1);
        }
        let modulus = re.hypot(im);
        let (re, im) = if re >= 0.0 {
            let t = ((modulus + re) / 2.0).sqrt();
            (t, im / (2.0 * t))
        } else {
            let t = ((modulus - re) / 2.0).sqrt();
            (im.abs() / (2.0 * t), t.copysign(im + 0.0))
        };
        Complex::scaled(re, im, k / 2)
    }

    /// `self^n` for an integer `n`, by squaring: exact signs for negative bases.
    fn powi(&self, n: i64) -> Complex {
        let mut base = if n < 0 { Complex::ONE.div(self) } else { *self };
        let mut k = n.unsigned_abs();
        let mut out = Complex::ONE;
        while k > 0 {
            if k & 1 == 1 {
                out = out.mul(&base);
            }
            base = base.mul(&base);
            k >>= 1;
        }
        out
    }

    /// The real part, as `f64`: far beyond `f64` it is infinite, which is all the
    /// saturating functions need of it.
    fn real_part(&self) -> f64 {
        self.parts().0
    }

    /// `tanh`, written through `exp(-2|re|)` so that it does not overflow.
    fn tanh(&self) -> Complex {
        let flip = self.re < 0.0;
        let z = if flip { self.scale(-1.0) } else { *self };
        let t = if z.real_part() > SATURATED {
            Complex::ONE
        } else {
            let e = z.scale(-2.0).exp();
            Complex::ONE.sub(&e).div(&Complex::ONE.add(&e))
        };
        if flip {
            t.scale(-1.0)
        } else {
            t
        }
    }

    /// `sinh` (`sign` 1) or `cosh` (`sign` -1): far from the imaginary axis one of
    /// its exponentials is below the other's rounding, and may be beyond the type.
    fn sinh_cosh(&self, sign: f64) -> Complex {
        let re = self.real_part();
        let down = || self.scale(-1.0).exp().scale(-sign);
        let half = if re > SATURATED {
            self.exp()
        } else if re < -SATURATED {
            down()
        } else {
            self.exp().add(&down())
        };
        half.scale(0.5)
    }
}

impl Real for Complex {
    fn from_f64(x: f64) -> Complex {
        Complex::scaled(x, 0.0, 0)
    }

    fn from_rational(n: &Rational) -> Complex {
        Complex::from_f64(f64::from_rational(n))
    }

    fn add(&self, o: &Complex) -> Complex {
        self.sum(o).of_reals(self.real && o.real)
    }

    fn mul(&self, o: &Complex) -> Complex {
        let product = Complex::scaled(
            self.re * o.re - self.im * o.im,
            self.re * o.im + self.im * o.re,
            self.k + o.k,
        );
        product.of_reals(self.real && o.real)
    }

    fn div(&self, o: &Complex) -> Complex {
        self.quotient(o).of_reals(self.real && o.real)
    }

    fn pow(&self, b: &Complex) -> Complex {
        self.power(b).of_reals(self.real && b.real)
    }

    fn builtin(&self, f: Builtin) -> Complex {
        self.function(f).of_reals(self.real)
    }

    /// The real part where the value is real, NaN where it is not: a complex value
    /// is no value of the real expression.
    fn to_f64(&self) -> f64 {
        if self.im == 0.0 {
            ldexp(self.re, self.k)
        } else {
            f64::NAN
        }
    }

    fn log2_abs(&self) -> f64 {
        self.re.hypot(self.im).log2() + self.k as f64
    }

    fn is_finite(&self) -> bool {
        self.re.is_finite() && self.im.is_finite()
    }

    /// The real scheme's central differences and Richardson refinement, along the
    /// real axis; the refinements compared in `log2`, since the values may be beyond
    /// `f64`.
    fn difference_quotient(x0: &Complex, f: &dyn Fn(&Complex) -> Complex) -> Complex {
        let central = |h: f64| {
            let step = Complex::from_f64(h);
            f(&x0.add(&step)).sub(&f(&x0.sub(&step))).scale(0.5 / h)
        };
        for scale in [1e-3, 1e-4, 1e-5] {
            let h = scale * (1.0 + x0.abs());
            let (d1, d2, d4) = (central(h), central(h / 2.0), central(h / 4.0));
            let coarse = d2.scale(4.0).sub(&d1).scale(1.0 / 3.0);
            let fine = d4.scale(4.0).sub(&d2).scale(1.0 / 3.0);
            // |coarse - fine| <= 10^-7 max(1, |fine|).
            let size = fine.log2_abs().max(0.0);
            if coarse.sub(&fine).log2_abs() <= 1e-7f64.log2() + size {
                return fine;
            }
        }
        Complex::NAN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Complex, b: Complex) -> bool {
        a.sub(&b).abs() <= 1e-12 * (1.0 + b.abs())
    }

    #[test]
    fn principal_branches_and_identities() {
        let minus_two = Complex::from_f64(-2.0);
        let log = minus_two.builtin(Builtin::Log);
        assert!(close(log, Complex::new(2f64.ln(), std::f64::consts::PI)));
        // exp(log z) = z, and an integer power of a negative base stays real.
        assert!(close(log.builtin(Builtin::Exp), minus_two));
        assert_eq!(
            minus_two.pow(&Complex::from_f64(3.0)),
            Complex::new(-8.0, 0.0)
        );
        let z = Complex::new(0.7, -1.3);
        let (s, c) = (z.builtin(Builtin::Sin), z.builtin(Builtin::Cos));
        assert!(close(s.mul(&s).add(&c.mul(&c)), Complex::ONE));
        let t = z.builtin(Builtin::Tanh);
        let e2 = z.scale(2.0).exp();
        assert!(close(t, e2.sub(&Complex::ONE).div(&e2.add(&Complex::ONE))));
        // No overflow far out.
        assert!(close(
            Complex::new(800.0, 1.0).builtin(Builtin::Tanh),
            Complex::ONE
        ));
        assert!(log.to_f64().is_nan());
    }

    #[test]
    fn values_beyond_f64_keep_their_digits() {
        let e7 = Complex::from_f64(7f64.exp());
        // exp(exp(7)) is 2^1582.03...: beyond f64, not beyond this.
        let big = e7.builtin(Builtin::Exp);
        assert!(big.is_finite() && big.is_real());
        assert!((big.log2_abs() - 7f64.exp() / std::f64::consts::LN_2).abs() < 1e-9);
        assert_eq!(big.to_f64(), f64::INFINITY);
        // Its logarithm, and a quotient by itself, come back.
        assert!(close(big.builtin(Builtin::Log), e7));
        assert!(close(big.div(&big), Complex::ONE));
        // exp(-exp(8)) is no zero: twice it is not it.
        let tiny = Complex::from_f64(-(8f64.exp())).builtin(Builtin::Exp);
        assert!(!tiny.is_zero() && tiny.scale(2.0).log2_abs() - tiny.log2_abs() == 1.0);
        assert!(close(
            tiny.mul(&big.mul(&big))
                .builtin(Builtin::Log)
                .add(&Complex::from_f64(8f64.exp())),
            Complex::from_f64(2.0 * 7f64.exp())
        ));
        // Saturating functions far out, where one of their exponentials is beyond.
        assert_eq!(big.builtin(Builtin::Tanh), Complex::ONE);
        assert!(close(
            Complex::from_f64(-800.0)
                .builtin(Builtin::Sigma)
                .builtin(Builtin::Log),
            Complex::from_f64(-800.0)
        ));
        // Beyond even these exponents a value is undefined, never a wrong number.
        let tower = big.builtin(Builtin::Exp);
        assert!(!tower.is_finite());
        assert!(!big.pow(&Complex::from_f64(999_999_999.0)).is_finite());
    }

    #[test]
    fn a_value_is_real_when_everything_it_came_from_is() {
        let x = Complex::from_f64(0.3);
        for f in [
            Builtin::Tan,
            Builtin::Sin,
            Builtin::Log,
            Builtin::Sqrt,
            Builtin::Sigma,
        ] {
            assert!(x.builtin(f).is_real(), "{f:?}");
        }
        let minus_four = Complex::from_f64(-4.0);
        assert!(!minus_four.builtin(Builtin::Log).is_real());
        // sqrt(-4)^2 is -4, but the real evaluation has no value there.
        let square = minus_four
            .builtin(Builtin::Sqrt)
            .pow(&Complex::from_f64(2.0));
        assert!(close(square, minus_four) && !square.is_real());
        assert!(!minus_four.pow(&Complex::from_f64(0.5)).is_real());
        assert!(!Complex::ONE.div(&Complex::from_f64(0.0)).is_real());
    }

    #[test]
    fn derivatives_along_the_real_axis() {
        // d/dx log(x) at x = -3 is -1/3 on the principal branch.
        let d =
            Complex::difference_quotient(&Complex::from_f64(-3.0), &|x| x.builtin(Builtin::Log));
        assert!(
            close(d, Complex::from_f64(-1.0 / 3.0))
                || d.sub(&Complex::from_f64(-1.0 / 3.0)).abs() < 1e-9
        );
    }
}
