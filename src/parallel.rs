//! Work shared over the machine's cores where there are several (issue 13).
//!
//! In: independent pieces of work. Out: their results, as if run one after the other.
//! Natively the pieces run on rayon's pool (every core); in the browser's Worker, which has
//! one thread, they run in turn. Callers never depend on which: each piece is pure.

/// Runs `a` and `b`, natively at once on two cores, in the browser one after the other.
pub(crate) fn both<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        rayon::join(a, b)
    }
    #[cfg(target_arch = "wasm32")]
    {
        (a(), b())
    }
}

/// `f` of every item, in order: natively shared out over every core, in the browser one
/// after another.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        items.par_iter().map(&f).collect()
    }
    #[cfg(target_arch = "wasm32")]
    {
        items.iter().map(f).collect()
    }
}
