//! The modulus of the exact check: a safe prime p = 2q + 1 (q prime too) between
//! 2^60 and 2^61, drawn at random from the run's seed. Drawn, because a fixed prime
//! can be hit on purpose: a constant that is a multiple of it, or `x^(p-1)`, reads as
//! 0 or 1. Safe, because exponents are read modulo the order of the base, and a
//! prime order q makes that a field, where a nonzero polynomial has few roots (the
//! order of 37 modulo 2^61 - 1 divides 2^61 - 2, which has many small factors).

/// The prime p, and the prime q = (p - 1) / 2 that exponents are read modulo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SafePrime {
    pub p: u64,
    pub q: u64,
}

impl SafePrime {
    /// A base of order q: 4 is a square, so its order divides q, and it is not 1.
    pub const BASE: u64 = 4;

    /// The first safe prime at or after a point drawn from `seed`, cached for the
    /// last seed asked (the run's, almost always).
    pub fn for_seed(seed: u64) -> SafePrime {
        thread_local! {
            static LAST: std::cell::Cell<Option<(u64, SafePrime)>> =
                const { std::cell::Cell::new(None) };
        }
        if let Some((s, prime)) = LAST.get() {
            if s == seed {
                return prime;
            }
        }
        let mut rng = super::Rng::new(seed ^ 0x5AFE_5AFE_5AFE_5AFE);
        // q odd in [2^59, 2^60), so p = 2q + 1 lies in [2^60, 2^61).
        let mut q = (1 << 59) | (rng.next_u64() >> 5) | 1;
        loop {
            if q >= 1 << 60 {
                q = (1 << 59) | 1;
            }
            if is_prime(q) && is_prime(2 * q + 1) {
                let prime = SafePrime { p: 2 * q + 1, q };
                LAST.set(Some((seed, prime)));
                return prime;
            }
            q += 2;
        }
    }
}

fn mul_mod(a: u64, b: u64, m: u64) -> u64 {
    ((a as u128 * b as u128) % m as u128) as u64
}

fn pow_mod(mut b: u64, mut k: u64, m: u64) -> u64 {
    let mut out = 1 % m;
    b %= m;
    while k > 0 {
        if k & 1 == 1 {
            out = mul_mod(out, b, m);
        }
        b = mul_mod(b, b, m);
        k >>= 1;
    }
    out
}

/// Miller–Rabin with the first twelve primes as bases: exact below 3.3 * 10^24.
fn is_prime(n: u64) -> bool {
    const BASES: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
    if n < 2 {
        return false;
    }
    for b in BASES {
        if n.is_multiple_of(b) {
            return n == b;
        }
    }
    // Trial division by a few more primes rules out most candidates cheaply.
    for b in [41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97] {
        if n.is_multiple_of(b) {
            return n == b;
        }
    }
    let (mut d, mut s) = (n - 1, 0);
    while d.is_multiple_of(2) {
        d /= 2;
        s += 1;
    }
    BASES.iter().all(|&a| {
        let mut x = pow_mod(a, d, n);
        if x == 1 || x == n - 1 {
            return true;
        }
        for _ in 1..s {
            x = mul_mod(x, x, n);
            if x == n - 1 {
                return true;
            }
        }
        false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primes_are_recognised() {
        let small: Vec<u64> = (0..60).filter(|&n| is_prime(n)).collect();
        assert_eq!(
            small,
            [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59]
        );
        assert!(is_prime((1 << 61) - 1));
        // 2^60 - 1 = 3^2 5^2 7 11 13 31 41 61 151 331 1321; a Carmichael number.
        assert!(!is_prime((1 << 60) - 1));
        assert!(!is_prime(561));
    }

    #[test]
    fn the_drawn_prime_is_safe_and_depends_on_the_seed() {
        let a = SafePrime::for_seed(1);
        assert!(is_prime(a.p) && is_prime(a.q) && a.p == 2 * a.q + 1);
        assert!(a.p >= 1 << 60 && a.p < 1 << 61);
        assert_eq!(pow_mod(SafePrime::BASE, a.q, a.p), 1);
        assert_ne!(SafePrime::for_seed(2), a);
        assert_eq!(SafePrime::for_seed(1), a);
    }
}
