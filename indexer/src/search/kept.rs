//! Answers kept for one commit of an index: the view of a commit keeps what its
//! suggestions computed, since the same keystrokes come again and an answer changes only
//! with the commit.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::error::Result;

/// Answers by key, at most `capacity` of them: one more starts the store over. Starting
/// over rather than tracking use keeps a look-up to one hash probe; the answers people ask
/// for again come back soon after.
#[derive(Debug)]
pub(super) struct Kept<K, V> {
    answers: Mutex<HashMap<K, V>>,
    capacity: usize,
}

impl<K: Hash + Eq, V: Clone> Kept<K, V> {
    pub(super) fn new(capacity: usize) -> Self {
        Self {
            answers: Mutex::default(),
            capacity,
        }
    }

    /// The answer kept for each key, `None` where there is none: under one lock.
    pub(super) fn each<'a, Q>(&self, keys: impl IntoIterator<Item = &'a Q>) -> Vec<Option<V>>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized + 'a,
    {
        let answers = self.lock();
        keys.into_iter()
            .map(|key| answers.get(key).cloned())
            .collect()
    }

    /// Keeps answers, starting the store over first if they would not fit.
    pub(super) fn keep(&self, fresh: Vec<(K, V)>) {
        let mut answers = self.lock();
        if answers.len() + fresh.len() > self.capacity {
            answers.clear();
        }
        answers.extend(fresh);
    }

    /// The answer kept for `key`, or `compute`'s, kept. The lock is not held while
    /// computing: two requests may compute the same answer at once.
    pub(super) fn get_or_compute(&self, key: K, compute: impl FnOnce() -> Result<V>) -> Result<V> {
        if let Some(kept) = self.lock().get(&key).cloned() {
            return Ok(kept);
        }
        let answer = compute()?;
        self.keep(vec![(key, answer.clone())]);
        Ok(answer)
    }

    /// A poisoned lock only means another request panicked while holding it: the map is
    /// still whole.
    fn lock(&self) -> MutexGuard<'_, HashMap<K, V>> {
        self.answers.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_computed_once_until_the_store_starts_over() {
        let kept: Kept<String, u64> = Kept::new(2);
        let mut computed = 0;
        for _ in 0..3 {
            let answer = kept.get_or_compute("a".to_owned(), || {
                computed += 1;
                Ok(1)
            });
            assert_eq!(answer.expect("computed"), 1);
        }
        assert_eq!(computed, 1);
        kept.keep(vec![("b".to_owned(), 2)]);
        assert_eq!(kept.each(["a", "b", "c"]), [Some(1), Some(2), None]);
        // One more than the capacity: the store starts over with the newcomers alone.
        kept.keep(vec![("c".to_owned(), 3)]);
        assert_eq!(kept.each(["a", "b", "c"]), [None, None, Some(3)]);
    }
}
