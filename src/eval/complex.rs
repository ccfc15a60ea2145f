//! Complex numbers in `f64`, with the principal branches of `log`, `sqrt` and
//! non-integer powers. An expression can be undefined at every real point (the
//! logarithm of an argument that is negative for every real `x`, as in random
//! expression trees), and then no real point can tell whether a step holds; the
//! values of both forms as complex functions still can, and the step check falls
//! back on them there (see `verify`). The evaluator is the same one, generic over
//! [`Real`].

use super::real::Real;
use crate::expr::{Builtin, Rational};

/// `re + i im`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Complex {
    pub re: f64,
    pub im: f64,
}

impl Complex {
    const ONE: Complex = Complex { re: 1.0, im: 0.0 };

    fn new(re: f64, im: f64) -> Complex {
        Complex { re, im }
    }

    pub fn abs(&self) -> f64 {
        self.re.hypot(self.im)
    }

    fn sub(&self, o: &Complex) -> Complex {
        Complex::new(self.re - o.re, self.im - o.im)
    }

    fn scale(&self, k: f64) -> Complex {
        Complex::new(self.re * k, self.im * k)
    }

    fn exp(&self) -> Complex {
        let r = self.re.exp();
        if self.im == 0.0 {
            return Complex::new(r, 0.0);
        }
        Complex::new(r * self.im.cos(), r * self.im.sin())
    }

    /// The principal logarithm: imaginary part in (-pi, pi].
    fn ln(&self) -> Complex {
        Complex::new(self.abs().ln(), self.im.atan2(self.re))
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

    /// `tanh`, written through `exp(-2|re|)` so that it does not overflow.
    fn tanh(&self) -> Complex {
        let flip = self.re < 0.0;
        let z = if flip { self.scale(-1.0) } else { *self };
        let e = z.scale(-2.0).exp();
        let t = Complex::ONE.sub(&e).div(&Complex::ONE.add(&e));
        if flip {
            t.scale(-1.0)
        } else {
            t
        }
    }
}

impl Real for Complex {
    fn from_f64(x: f64) -> Complex {
        Complex::new(x, 0.0)
    }

    fn from_rational(n: &Rational) -> Complex {
        Complex::new(f64::from_rational(n), 0.0)
    }

    fn add(&self, o: &Complex) -> Complex {
        Complex::new(self.re + o.re, self.im + o.im)
    }

    fn mul(&self, o: &Complex) -> Complex {
        Complex::new(
            self.re * o.re - self.im * o.im,
            self.re * o.im + self.im * o.re,
        )
    }

    fn div(&self, o: &Complex) -> Complex {
        // Smith's algorithm: no overflow from squaring the denominator.
        if o.re.abs() >= o.im.abs() {
            let r = o.im / o.re;
            let d = o.re + o.im * r;
            Complex::new((self.re + self.im * r) / d, (self.im - self.re * r) / d)
        } else {
            let r = o.re / o.im;
            let d = o.re * r + o.im;
            Complex::new((self.re * r + self.im) / d, (self.im * r - self.re) / d)
        }
    }

    fn pow(&self, b: &Complex) -> Complex {
        if b.im == 0.0 && b.re.fract() == 0.0 && b.re.abs() < 1e9 {
            return self.powi(b.re as i64);
        }
        if self.re == 0.0 && self.im == 0.0 {
            return Complex::new(f64::NAN, f64::NAN);
        }
        b.mul(&self.ln()).exp()
    }

    fn builtin(&self, f: Builtin) -> Complex {
        let i = Complex::new(0.0, 1.0);
        match f {
            Builtin::Exp => self.exp(),
            Builtin::Log => self.ln(),
            Builtin::Sqrt => {
                if self.re == 0.0 && self.im == 0.0 {
                    *self
                } else {
                    self.ln().scale(0.5).exp()
                }
            }
            // sin z = -i sinh(i z), cos z = cosh(i z), tan z = -i tanh(i z).
            Builtin::Sin => i.mul(self).builtin(Builtin::Sinh).mul(&i).scale(-1.0),
            Builtin::Cos => i.mul(self).builtin(Builtin::Cosh),
            Builtin::Tan => i.mul(self).tanh().mul(&i).scale(-1.0),
            Builtin::Sinh => self.exp().sub(&self.scale(-1.0).exp()).scale(0.5),
            Builtin::Cosh => self.exp().add(&self.scale(-1.0).exp()).scale(0.5),
            Builtin::Tanh => self.tanh(),
            Builtin::Sigma => Complex::ONE.div(&Complex::ONE.add(&self.scale(-1.0).exp())),
        }
    }

    /// The real part where the value is real, NaN where it is not: a complex value
    /// is no value of the real expression.
    fn to_f64(&self) -> f64 {
        if self.im == 0.0 {
            self.re
        } else {
            f64::NAN
        }
    }

    fn log2_abs(&self) -> f64 {
        self.abs().log2()
    }

    fn is_finite(&self) -> bool {
        self.re.is_finite() && self.im.is_finite()
    }

    /// The real scheme's central differences and Richardson refinement, along the
    /// real axis.
    fn difference_quotient(x0: &Complex, f: &dyn Fn(&Complex) -> Complex) -> Complex {
        let central = |h: f64| {
            let step = Complex::new(h, 0.0);
            f(&x0.add(&step)).sub(&f(&x0.sub(&step))).scale(0.5 / h)
        };
        for scale in [1e-3, 1e-4, 1e-5] {
            let h = scale * (1.0 + x0.abs());
            let (d1, d2, d4) = (central(h), central(h / 2.0), central(h / 4.0));
            let coarse = d2.scale(4.0).sub(&d1).scale(1.0 / 3.0);
            let fine = d4.scale(4.0).sub(&d2).scale(1.0 / 3.0);
            if coarse.sub(&fine).abs() <= 1e-7 * (1.0 + fine.abs()) {
                return fine;
            }
        }
        Complex::new(f64::NAN, f64::NAN)
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
