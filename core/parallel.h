#pragma once
// The kernels' one parallel-for: a fixed pool of worker threads that the calling thread joins.
//
// Built with TENSORPAD_THREADS (native builds, and the WASM engine linked with -pthread) it runs
// tasks on std::threads; without it (the single-thread WASM engine) every call runs inline, so
// kernels are written once. Nothing here depends on the platform beyond the C++ standard library.
//
// Determinism: callers split work so that every output element is computed by the same code in
// the same order whatever the thread count (disjoint outputs per task, reductions combined in task
// order), which keeps results bit-identical between 1 and N threads and between the two engines.
// Nested calls (from inside a task) and calls while another thread is using the pool run inline.
#include <cstdint>
#include <type_traits>

namespace tensorpad::parallel {

/// Threads the pool can use at most (>= 1): hardware concurrency capped at kMaxThreads natively,
/// 1 in the single-thread WASM engine.
int max_threads();
/// Sets max_threads and resets threads() to it; values outside [1, kMaxThreads] are clamped. The
/// WASM loader calls it once at start-up with the size of the worker pool it created (a WASM
/// thread beyond that pool could not start while the caller waits).
void set_max_threads(int n);
/// Threads used by parallel kernels, 1..max_threads(); default max_threads().
int threads();
/// Throws tensorpad::Error unless 1 <= n <= max_threads().
void set_threads(int n);
/// Whether this build runs tasks on threads at all (false in the single-thread WASM engine).
bool threaded();

/// Cap of the default pool size: more threads than this rarely pay for the kernels' sizes.
constexpr int kMaxThreads = 8;

namespace detail {
using TaskFn = void (*)(void* ctx, int64_t task);
/// True on a pool task (so a nested call runs inline).
bool inside();
/// Runs fn(ctx, t) for t in [0, tasks) on the pool; rethrows the first exception of a task.
void run(int64_t tasks, TaskFn fn, void* ctx);
}  // namespace detail

/// Calls f(t) for every t in [0, tasks) and returns when all have returned. Tasks may run on any
/// thread in any order: each must write memory no other task touches.
template <class F>
void for_tasks(int64_t tasks, F&& f) {
  if (tasks <= 0) return;
  if (tasks == 1 || threads() == 1 || detail::inside()) {
    for (int64_t t = 0; t < tasks; ++t) f(t);
    return;
  }
  using Fn = std::remove_reference_t<F>;
  detail::run(
      tasks, [](void* ctx, int64_t t) { (*static_cast<Fn*>(ctx))(t); },
      const_cast<void*>(static_cast<const void*>(&f)));
}

/// How many tasks to cut `work` units into when each task should get at least `min_work` of
/// them: 1 below that (small ops never pay for synchronisation), at most threads().
inline int64_t task_count(int64_t work, int64_t min_work) {
  if (detail::inside()) return 1;
  const int64_t t = threads();
  if (t <= 1 || work < 2 * min_work) return 1;
  const int64_t by_size = work / min_work;
  return by_size < t ? by_size : t;
}

/// Splits [0, n) into task_count(n * cost, min_work) contiguous ranges whose boundaries are
/// multiples of `align` and calls f(begin, end) for each. `cost` is the work of one index.
template <class F>
void for_range(int64_t n, int64_t cost, int64_t min_work, int64_t align, F&& f) {
  const int64_t tasks = n > align ? task_count(n * cost, min_work) : 1;
  if (tasks <= 1) {
    if (n > 0) f(int64_t(0), n);
    return;
  }
  const int64_t units = (n + align - 1) / align;
  for_tasks(tasks, [&](int64_t t) {
    const int64_t b = units * t / tasks * align, e = units * (t + 1) / tasks * align;
    if (b < e && b < n) f(b, e < n ? e : n);
  });
}

}  // namespace tensorpad::parallel
