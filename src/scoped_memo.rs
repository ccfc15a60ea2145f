//! A thread-local memo that lives for one outermost call: the guard that finds it
//! closed opens it empty, and closes it when it drops, so what one call remembers
//! never serves another (a benchmark's next sample, another proof).

use std::cell::RefCell;
use std::thread::LocalKey;

/// The memo behind `key` is open while this lives (see the module's text).
pub struct ScopedMemo<T: Default + 'static> {
    key: &'static LocalKey<RefCell<Option<T>>>,
    outermost: bool,
}

impl<T: Default + 'static> ScopedMemo<T> {
    /// Open the memo behind `key`, unless an outer guard holds it open already.
    pub fn open(key: &'static LocalKey<RefCell<Option<T>>>) -> ScopedMemo<T> {
        let outermost = key.with_borrow_mut(|memo| {
            let outermost = memo.is_none();
            if outermost {
                *memo = Some(T::default());
            }
            outermost
        });
        ScopedMemo { key, outermost }
    }
}

impl<T: Default + 'static> Drop for ScopedMemo<T> {
    fn drop(&mut self) {
        if self.outermost {
            self.key.with_borrow_mut(|memo| *memo = None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static NUMBERS: RefCell<Option<Vec<u32>>> = const { RefCell::new(None) };
    }

    #[test]
    fn the_outermost_guard_opens_and_closes_the_memo() {
        assert!(NUMBERS.with_borrow(Option::is_none));
        {
            let _outer = ScopedMemo::open(&NUMBERS);
            NUMBERS.with_borrow_mut(|m| m.as_mut().unwrap().push(1));
            {
                let _inner = ScopedMemo::open(&NUMBERS);
                // An inner guard neither empties nor closes what the outer opened.
                assert_eq!(NUMBERS.with_borrow(|m| m.clone()), Some(vec![1]));
            }
            assert_eq!(NUMBERS.with_borrow(|m| m.clone()), Some(vec![1]));
        }
        assert!(NUMBERS.with_borrow(Option::is_none));
    }
}
