//! The threads that check records, each with an engine of its own.
//!
//! One engine shared by every thread would need rhai's `sync` feature: every string, list and
//! map of a record counted with atomic operations, every shared value behind a lock. That made
//! each check about a tenth slower (BENCHMARKS.md §2). Here each thread makes its own state (its
//! engine) once, keeps it for the whole run, and gets its work over a channel; the results come
//! back over another, and are returned in the order the work was given. Giving work and taking
//! its results are separate steps, so the caller can read the next batch and write the last one
//! while the threads check.

use std::sync::mpsc;
use std::thread::{Scope, ScopedJoinHandle};

/// A fixed set of threads running the same work on jobs of type `J`, giving results `R`.
pub struct Workers<'scope, J, R> {
    workers: Vec<Worker<'scope, J, R>>,
}

struct Worker<'scope, J, R> {
    jobs: mpsc::Sender<J>,
    results: mpsc::Receiver<R>,
    handle: Option<ScopedJoinHandle<'scope, ()>>,
}

impl<'scope, J: Send + 'scope, R: Send + 'scope> Workers<'scope, J, R> {
    /// Starts `count` threads (at least one) in `scope`. Each calls `init` once, on its own
    /// thread, for the state its jobs share (which therefore need not be `Send`), then
    /// `work(&state, job)` for each job it gets, until the workers are dropped.
    pub fn new<'env, S, I, W>(
        scope: &'scope Scope<'scope, 'env>,
        count: usize,
        init: &'env I,
        work: &'env W,
    ) -> Self
    where
        I: Fn() -> S + Sync + ?Sized,
        W: Fn(&S, J) -> R + Sync + ?Sized,
    {
        let workers = (0..count.max(1))
            .map(|_| {
                let (jobs, inbox) = mpsc::channel::<J>();
                let (outbox, results) = mpsc::channel::<R>();
                let handle = scope.spawn(move || {
                    let state = init();
                    for job in inbox {
                        if outbox.send(work(&state, job)).is_err() {
                            break;
                        }
                    }
                });
                Worker {
                    jobs,
                    results,
                    handle: Some(handle),
                }
            })
            .collect();
        Self { workers }
    }

    /// How many threads there are: the number of jobs [`Workers::submit`] takes at once.
    pub fn count(&self) -> usize {
        self.workers.len()
    }

    /// Gives `jobs` (one per thread at most: the rest are not run) to the threads and returns
    /// at once, so that the caller can do other work (read the next batch, write the last
    /// one's results) while they run; [`Workers::collect`] then waits for the results.
    pub fn submit(&mut self, jobs: Vec<J>) -> Pending {
        let busy = jobs.len().min(self.workers.len());
        for (worker, job) in self.workers.iter_mut().zip(jobs) {
            if worker.jobs.send(job).is_err() {
                worker.rethrow();
            }
        }
        Pending(busy)
    }

    /// The results of the jobs last submitted, in their order, once all are done. A thread that
    /// panicked passes its panic on here, so no job's result is lost silently.
    pub fn collect(&mut self, Pending(busy): Pending) -> Vec<R> {
        let mut out = Vec::with_capacity(busy);
        for worker in self.workers.iter_mut().take(busy) {
            match worker.results.recv() {
                Ok(result) => out.push(result),
                Err(_) => worker.rethrow(),
            }
        }
        out
    }
}

/// Jobs given to the threads whose results are still to be collected (how many threads have
/// one). Not `Clone`: each submission is collected once.
#[must_use = "the results of submitted jobs are collected with `Workers::collect`"]
pub struct Pending(usize);

impl<J, R> Worker<'_, J, R> {
    /// The thread's channel closed: it has ended, which only a panic makes it do while jobs
    /// are given; that panic goes on in the calling thread. (Release builds abort at the panic
    /// instead, `panic = "abort"` in the workspace's release profile; debug builds and tests
    /// unwind and come here.)
    fn rethrow(&mut self) {
        if let Some(Err(panic)) = self.handle.take().map(ScopedJoinHandle::join) {
            std::panic::resume_unwind(panic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Workers;

    #[test]
    fn results_come_back_in_job_order_from_each_threads_own_state() {
        let init = || std::thread::current().id();
        let work = |id: &std::thread::ThreadId, n: u32| (n * 2, *id);
        std::thread::scope(|scope| {
            let mut workers = Workers::new(scope, 3, &init, &work);
            assert_eq!(workers.count(), 3);
            let mut threads = Vec::new();
            for round in 0..4 {
                let pending = workers.submit(vec![round, round + 10, round + 20]);
                let out = workers.collect(pending);
                let doubled: Vec<u32> = out.iter().map(|(n, _)| *n).collect();
                assert_eq!(doubled, vec![round * 2, (round + 10) * 2, (round + 20) * 2]);
                threads.push(out.into_iter().map(|(_, id)| id).collect::<Vec<_>>());
            }
            // Each position is served by the same thread, and by none of the others.
            assert!(threads.iter().all(|t| *t == threads[0]));
            assert_ne!(threads[0][0], threads[0][1]);
            assert_ne!(threads[0][1], threads[0][2]);
        });
    }

    #[test]
    fn submitted_jobs_run_while_the_caller_goes_on() {
        use std::sync::mpsc;
        use std::time::Duration;
        // Each job waits for a word that the caller sends only once `submit` has returned: a
        // `submit` that waited for the jobs would leave them waiting in vain (they give up
        // after a while and say so, rather than hang the test).
        let init = || ();
        let work =
            |_: &(), go: mpsc::Receiver<()>| go.recv_timeout(Duration::from_secs(10)).is_ok();
        std::thread::scope(|scope| {
            let mut workers = Workers::new(scope, 2, &init, &work);
            let (senders, receivers): (Vec<_>, Vec<_>) = (0..2).map(|_| mpsc::channel()).unzip();
            let pending = workers.submit(receivers);
            for go in &senders {
                go.send(()).unwrap();
            }
            assert_eq!(workers.collect(pending), vec![true, true]);
        });
    }

    #[test]
    fn a_panicking_job_panics_the_caller() {
        let init = || ();
        let work = |_: &(), n: u32| {
            assert!(n != 7, "job 7 fails");
            n
        };
        let caught = std::panic::catch_unwind(|| {
            std::thread::scope(|scope| {
                let mut workers = Workers::new(scope, 2, &init, &work);
                let pending = workers.submit(vec![1, 7]);
                workers.collect(pending)
            })
        });
        let panic = caught.expect_err("the worker's panic reaches the caller");
        let message = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied());
        assert_eq!(message, Some("job 7 fails"));
    }
}
