#include "parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>

#include "error.h"

#if defined(TENSORPAD_THREADS)
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>
#endif

namespace tensorpad::parallel {
namespace {

#if defined(TENSORPAD_THREADS)
int default_max() {
  const unsigned hw = std::thread::hardware_concurrency();
  return std::clamp(hw == 0 ? 1 : static_cast<int>(hw), 1, kMaxThreads);
}
#else
int default_max() { return 1; }
#endif

std::atomic<int> g_max{0};      // 0: not chosen yet (default_max on first use)
std::atomic<int> g_threads{0};  // 0: max_threads()

thread_local bool t_inside = false;

#if defined(TENSORPAD_THREADS)
// Workers wait for a job by spinning (the parallel kernels of a training step follow each other
// after the step's serial kernels, tens to hundreds of microseconds apart), then sleep on a
// condition variable. Waking a sleeping worker costs about as much as a small kernel (a futex
// wake, Atomics.notify in WASM), and the caller meanwhile takes the job's tasks alone, so the spin
// covers such gaps: about 0.1-0.3 ms (an iteration is one atomic load, 0.5-1 ns).
constexpr int kSpins = 1 << 18;
// The job counter counts in the bits above these, which hold the job's helper count.
constexpr uint64_t kHelperMask = 15;
static_assert(kMaxThreads - 1 <= static_cast<int>(kHelperMask), "helper count must fit the mask");

// A job is published and joined through atomics alone; the mutex and condition variables are
// touched only when a thread actually sleeps (counted in sleepers_ / caller_sleeps_). Under
// Emscripten each lock that meets a spinning thread became a futex wait and wake, which cost the
// caller a quarter of its time in a training step. Each side announces itself (sequentially
// consistent) before checking the other's state, so a wake-up is never missed.
class Pool {
 public:
  ~Pool() {
    stop_.store(true);
    generation_.fetch_add(kHelperMask + 1);
    { std::lock_guard<std::mutex> lock(mutex_); }
    wake_.notify_all();
    for (std::thread& w : workers_) w.join();
  }

  // Runs the job on the calling thread and `helpers` workers. Only one job at a time: a caller that
  // finds the pool busy (another thread's job) gets false and runs inline.
  bool run(int64_t tasks, detail::TaskFn fn, void* ctx, int helpers) {
    std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
    if (!busy.owns_lock()) return false;
    while (static_cast<int>(workers_.size()) < helpers) {
      const int index = static_cast<int>(workers_.size());
      // The new worker waits for the generation after this one: started late, it must not
      // mistake the job published next for one it has already seen.
      const uint64_t now = generation_.load();
      workers_.emplace_back([this, index, now] { loop(index, now); });
    }
    fn_ = fn;
    ctx_ = ctx;
    tasks_ = tasks;
    next_.store(0, std::memory_order_relaxed);
    pending_.store(helpers, std::memory_order_relaxed);
    error_ = nullptr;
    // Publishes the fields above, with the helper count in the low bits.
    const uint64_t next_job = (generation_.load(std::memory_order_relaxed) | kHelperMask) + 1;
    generation_.store(next_job + static_cast<uint64_t>(helpers));
    if (sleepers_.load() > 0) {
      { std::lock_guard<std::mutex> lock(mutex_); }
      wake_.notify_all();
    }
    work(fn, ctx, tasks);
    for (int i = 0; i < kSpins && pending_.load(std::memory_order_acquire) != 0; ++i) {
    }
    if (pending_.load() != 0) {
      std::unique_lock<std::mutex> lock(mutex_);
      caller_sleeps_.store(true);
      done_.wait(lock, [this] { return pending_.load() == 0; });
      caller_sleeps_.store(false);
    }
    if (error_) std::rethrow_exception(error_);
    return true;
  }

 private:
  void work(detail::TaskFn fn, void* ctx, int64_t tasks) {
    const bool was = t_inside;
    t_inside = true;
    for (;;) {
      const int64_t t = next_.fetch_add(1, std::memory_order_relaxed);
      if (t >= tasks) break;
      try {
        fn(ctx, t);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex_);
        if (!error_) error_ = std::current_exception();
      }
    }
    t_inside = was;
  }

  void loop(int index, uint64_t seen) {
    for (;;) {
      uint64_t g = generation_.load(std::memory_order_acquire);
      for (int i = 0; i < kSpins && g == seen; ++i) g = generation_.load(std::memory_order_acquire);
      if (g == seen) {
        std::unique_lock<std::mutex> lock(mutex_);
        sleepers_.fetch_add(1);
        wake_.wait(lock, [&] { return generation_.load() != seen; });
        sleepers_.fetch_sub(1);
        g = generation_.load();
      }
      if (stop_.load()) return;
      seen = g;
      // Whether this worker helps comes with the generation itself: the job's other fields may
      // already be the next job's when it does not (the caller waits only for its helpers).
      if (index >= static_cast<int>(g & kHelperMask)) continue;
      work(fn_, ctx_, tasks_);
      if (pending_.fetch_sub(1) == 1 && caller_sleeps_.load()) {
        { std::lock_guard<std::mutex> lock(mutex_); }
        done_.notify_one();
      }
    }
  }

  std::mutex busy_;   // held by the thread whose job is running
  std::mutex mutex_;  // only for sleeping and waking, with the condition variables
  std::mutex error_mutex_;
  std::condition_variable wake_, done_;
  std::vector<std::thread> workers_;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int64_t> next_{0};
  std::atomic<int> pending_{0}, sleepers_{0};
  std::atomic<bool> caller_sleeps_{false}, stop_{false};
  detail::TaskFn fn_ = nullptr;
  void* ctx_ = nullptr;
  int64_t tasks_ = 0;
  std::exception_ptr error_;
};

Pool& pool() {
  static Pool p;
  return p;
}
#endif

}  // namespace

int max_threads() {
  int m = g_max.load(std::memory_order_relaxed);
  if (m == 0) {
    int expected = 0;
    g_max.compare_exchange_strong(expected, default_max());
    m = g_max.load(std::memory_order_relaxed);
  }
  return m;
}

void set_max_threads(int n) {
#if defined(TENSORPAD_THREADS)
  g_max.store(std::clamp(n, 1, kMaxThreads));
#else
  (void)n;
  g_max.store(1);
#endif
  g_threads.store(0);
}

int threads() {
  const int t = g_threads.load(std::memory_order_relaxed);
  return t == 0 ? max_threads() : t;
}

void set_threads(int n) {
  const int m = max_threads();
  if (n < 1 || n > m)
    fail("setThreadsCount: the thread count must be an integer from 1 to ", m, " (", n,
         " given); ", threaded() ? "the pool is sized when the engine loads"
                                 : "this is the single-thread engine");
  g_threads.store(n);
}

bool threaded() {
#if defined(TENSORPAD_THREADS)
  return true;
#else
  return false;
#endif
}

namespace detail {

bool inside() { return t_inside; }

void run(int64_t tasks, TaskFn fn, void* ctx) {
#if defined(TENSORPAD_THREADS)
  const int helpers = static_cast<int>(std::min<int64_t>(threads(), tasks)) - 1;
  if (helpers > 0 && pool().run(tasks, fn, ctx, helpers)) return;
#endif
  const bool was = t_inside;
  t_inside = true;
  try {
    for (int64_t t = 0; t < tasks; ++t) fn(ctx, t);
  } catch (...) {
    t_inside = was;
    throw;
  }
  t_inside = was;
}

}  // namespace detail
}  // namespace tensorpad::parallel
