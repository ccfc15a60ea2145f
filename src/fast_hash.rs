//! A multiply-and-rotate hasher (the Fx hash of rustc) and maps that use it. The
//! keys are the program's own (node hashes, symbols, node addresses), looked up
//! millions of times, never chosen by an attacker: SipHash's protection would buy
//! nothing here and cost several times as much.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The hasher: deterministic, so a node's structural hash is the same on every run.
#[derive(Default)]
pub struct FastHasher(u64);

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

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A `HashSet` with [`FastHasher`].
pub type FastSet<K> = std::collections::HashSet<K, BuildHasherDefault<FastHasher>>;
