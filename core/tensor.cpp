#include "tensor.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

#include "error.h"
#include "parallel.h"
#include "size.h"

namespace tensorpad {

namespace {
MemoryStats g_stats;
constexpr size_t kAlign = 64;
uint64_t g_next_uid = 1;
int64_t g_memory_limit = sizeof(void*) == 4 ? (int64_t{1} << 32) : (int64_t{1} << 40);
thread_local const char* g_op_name = nullptr;

std::string format_bytes(double b) {
  const char* units[] = {"bytes", "KB", "MB", "GB", "TB"};
  int u = 0;
  while (b >= 1000 && u < 4) b /= 1000, ++u;
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.3g %s", b, units[u]);
  return buf;
}

// Elements and bytes of a tensor of `shape`, refused before any allocation when they overflow or
// exceed what the engine can hold (sizes computed in 64 bits: size_t is 32 bits on wasm32).
size_t checked_bytes(DType dtype, const Shape& shape) {
  const char* op = g_op_name ? g_op_name : "tensor";
  for (int64_t d : shape)
    if (d < 0) fail(op, ": negative dimension in shape ", shape_str(shape));
  if (shape.size() > static_cast<size_t>(kMaxRank))
    fail(op, ": rank ", shape.size(), " exceeds the maximum of ", kMaxRank);
  double exact = static_cast<double>(dtype_size(dtype));
  for (int64_t d : shape) exact *= static_cast<double>(d);
  int64_t in_use = memory_stats().live_bytes;
  if (exact > static_cast<double>(g_memory_limit - in_use))
    fail(op, ": ", shape_str(shape), " ", dtype_name(dtype), " needs ", format_bytes(exact),
         "; the engine can hold at most ", format_bytes(static_cast<double>(g_memory_limit)), " (",
         format_bytes(static_cast<double>(in_use)), " in use)");
  return static_cast<size_t>(exact);
}
}  // namespace

int64_t memory_limit() { return g_memory_limit; }
void set_memory_limit(int64_t bytes) { g_memory_limit = bytes; }

OpNameScope::OpNameScope(const char* name) : outer_(g_op_name) { g_op_name = name; }
OpNameScope::~OpNameScope() { g_op_name = outer_; }

const MemoryStats& memory_stats() { return g_stats; }
void reset_peak_bytes() { g_stats.peak_bytes = g_stats.live_bytes; }

namespace {

// Freed small buffers are kept per size class (multiples of kAlign) and handed out again: a
// compiled step of a small network frees and allocates the same few sizes tens of thousands of
// times a second, and aligned malloc/free was a fifth of its time. The pool is bounded (so the
// heap stays flat) and per thread (the threaded engine frees on the thread that drops the last
// reference); a pooled buffer counts as free in memory_stats().
// Sanitizer builds skip it, so that a use after free of a small buffer is still caught.
#if defined(__SANITIZE_ADDRESS__)
#define TP_POOL_MAX_BYTES 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TP_POOL_MAX_BYTES 0
#endif
#endif
#ifndef TP_POOL_MAX_BYTES
#define TP_POOL_MAX_BYTES 4096
#endif
thread_local bool g_pool_gone = false;  // storages freed at exit, after the pool, free directly
class BufferPool {
 public:
  static constexpr size_t kMaxBytes = TP_POOL_MAX_BYTES, kPerClass = 8;
  ~BufferPool() {
    g_pool_gone = true;
    for (auto& c : classes_)
      for (size_t i = 0; i < c.count; ++i) std::free(c.free[i]);
  }
  void* take(size_t rounded) {
    if (rounded > kMaxBytes || g_pool_gone) return nullptr;
    Class& c = classes_[rounded / kAlign - 1];
    return c.count ? c.free[--c.count] : nullptr;
  }
  bool give(void* p, size_t rounded) {
    if (rounded > kMaxBytes || g_pool_gone) return false;
    Class& c = classes_[rounded / kAlign - 1];
    if (c.count == kPerClass) return false;
    c.free[c.count++] = p;
    return true;
  }

 private:
  struct Class {
    void* free[kPerClass];
    size_t count = 0;
  };
  Class classes_[kMaxBytes / kAlign + 1];
};
thread_local BufferPool g_pool;

size_t rounded_bytes(size_t bytes) { return bytes == 0 ? kAlign : (bytes + kAlign - 1) / kAlign * kAlign; }

// The shared_ptr control blocks (with the Storage object inside) of new tensors, all one size,
// are recycled the same way: a bounded per-thread free list instead of malloc/free per tensor.
thread_local bool g_blocks_gone = false;
class BlockPool {
 public:
  static constexpr size_t kMax = TP_POOL_MAX_BYTES ? 256 : 0;
  ~BlockPool() {
    g_blocks_gone = true;
    for (size_t i = 0; i < count_; ++i) ::operator delete(free_[i]);
  }
  void* take(size_t bytes) {
    if (bytes == size_ && count_ > 0 && !g_blocks_gone) return free_[--count_];
    return ::operator new(bytes);
  }
  void give(void* p, size_t bytes) {
    if (g_blocks_gone || count_ == kMax || (size_ != 0 && bytes != size_)) return ::operator delete(p);
    size_ = bytes;
    free_[count_++] = p;
  }

 private:
  void* free_[kMax + 1];
  size_t count_ = 0, size_ = 0;
};
thread_local BlockPool g_blocks;

template <class T>
struct BlockAllocator {
  using value_type = T;
  BlockAllocator() = default;
  template <class U>
  BlockAllocator(const BlockAllocator<U>&) {}  // NOLINT(google-explicit-constructor)
  T* allocate(size_t n) { return static_cast<T*>(g_blocks.take(n * sizeof(T))); }
  void deallocate(T* p, size_t n) { g_blocks.give(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const BlockAllocator<U>&) const { return true; }
  template <class U>
  bool operator!=(const BlockAllocator<U>&) const { return false; }
};

}  // namespace

Storage::Storage(size_t bytes) : bytes_(bytes) {
  const size_t rounded = rounded_bytes(bytes);
  data_ = g_pool.take(rounded);
  if (!data_) data_ = std::aligned_alloc(kAlign, rounded);
  if (!data_)
    fail(g_op_name ? g_op_name : "tensor", ": out of memory allocating ",
         format_bytes(static_cast<double>(bytes)), " (", format_bytes(static_cast<double>(g_stats.live_bytes)),
         " in use)");
  g_stats.live_buffers += 1;
  g_stats.live_bytes += static_cast<int64_t>(bytes);
  if (g_stats.live_bytes > g_stats.peak_bytes) g_stats.peak_bytes = g_stats.live_bytes;
}

Storage::~Storage() {
  if (!g_pool.give(data_, rounded_bytes(bytes_))) std::free(data_);
  g_stats.live_buffers -= 1;
  g_stats.live_bytes -= static_cast<int64_t>(bytes_);
}

Tensor Tensor::empty(DType dtype, Shape shape) {
  size_t bytes = checked_bytes(dtype, shape);
  Tensor t;
  t.uid_ = g_next_uid++;
  t.dtype_ = dtype;
  t.strides_ = contiguous_strides(shape);
  t.shape_ = std::move(shape);
  t.storage_ = std::allocate_shared<Storage>(BlockAllocator<Storage>(), bytes);
  return t;
}

Tensor Tensor::zeros(DType dtype, Shape shape) {
  Tensor t = empty(dtype, std::move(shape));
  std::memset(t.raw(), 0, t.nbytes());
  return t;
}

bool Tensor::is_contiguous() const {
  int64_t expect = 1;
  for (size_t i = shape_.size(); i-- > 0;) {
    if (shape_[i] == 1) continue;
    if (strides_[i] != expect) return false;
    expect *= shape_[i];
  }
  return true;
}

Tensor Tensor::contiguous() const {
  if (is_contiguous()) {
    if (strides_ == contiguous_strides(shape_)) return *this;
    return view(shape_, contiguous_strides(shape_), offset_);
  }
  return clone();
}

Tensor Tensor::dense_same_identity() const {
  Tensor t = contiguous();
  t.uid_ = uid_;
  t.trainable_ = trainable_;
  return t;
}

Tensor Tensor::clone() const {
  Tensor out = empty(dtype_, shape_);
  copy_into(*this, out);
  return out;
}

Tensor Tensor::view(Shape shape, Strides strides, int64_t offset) const {
  Tensor t;
  t.uid_ = g_next_uid++;
  t.storage_ = storage_;
  t.dtype_ = dtype_;
  t.shape_ = std::move(shape);
  t.strides_ = std::move(strides);
  t.offset_ = offset;
  return t;
}

Tensor Tensor::fresh() const {
  Tensor t = *this;
  t.uid_ = g_next_uid++;
  t.trainable_ = false;
  return t;
}

double Tensor::item(int64_t flat) const {
  int64_t pos = 0;
  for (size_t i = shape_.size(); i-- > 0;) {
    int64_t d = shape_[i];
    pos += (flat % d) * strides_[i];
    flat /= d;
  }
  return dispatch(dtype_, [&](auto tag) -> double {
    using T = typename decltype(tag)::type;
    return static_cast<double>(data<T>()[pos]);
  });
}

namespace {

constexpr int64_t kMinCopyTaskElements = int64_t(1) << 16;

// Walks all elements of `shape` with two stride sets, innermost dimension as a tight loop.
// Both dense and row-major: the walk is one flat run, cut into pieces for the pool when long
// (inner visits elements independently, so the cut never changes a result).
// The row is a function pointer and its context: the walk is compiled once, not once per pair of
// dtypes (it was most of copy_into's code); the indirect call costs once per row.
using PairRow = void (*)(const void* ctx, int64_t pa, int64_t pb, int64_t n, int64_t ia,
                         int64_t ib);

[[gnu::noinline]] void for_each_pair(const Shape& shape, const Strides& sa, const Strides& sb,
                                     PairRow row, const void* ctx) {
  auto inner = [&](int64_t pa, int64_t pb, int64_t n, int64_t ia, int64_t ib) {
    row(ctx, pa, pb, n, ia, ib);
  };
  int r = static_cast<int>(shape.size());
  const int64_t total = shape_size(shape);
  if (total == 0) return;
  if (r == 0) {
    inner(0, 0, 1, 0, 0);
    return;
  }
  bool dense = true;
  for (int64_t d = r - 1, step = 1; d >= 0 && dense; step *= shape[d--])
    dense = shape[d] == 1 || (sa[d] == step && sb[d] == step);
  if (dense) {
    parallel::for_range(total, 1, kMinCopyTaskElements, 64,
                        [&](int64_t b, int64_t e) { inner(b, b, e - b, 1, 1); });
    return;
  }
  int64_t n = shape[r - 1], ia = sa[r - 1], ib = sb[r - 1];
  int64_t idx[kMaxRank] = {0};
  int64_t pa = 0, pb = 0;
  for (;;) {
    inner(pa, pb, n, ia, ib);
    int d = r - 2;
    for (; d >= 0; --d) {
      pa += sa[d];
      pb += sb[d];
      if (++idx[d] < shape[d]) break;
      pa -= sa[d] * shape[d];
      pb -= sb[d] * shape[d];
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

template <class F>
void for_each_pair(const Shape& shape, const Strides& sa, const Strides& sb, const F& inner) {
  for_each_pair(
      shape, sa, sb,
      [](const void* ctx, int64_t pa, int64_t pb, int64_t n, int64_t ia, int64_t ib) {
        (*static_cast<const F*>(ctx))(pa, pb, n, ia, ib);
      },
      &inner);
}

template <class S, class D> void copy_typed(const Tensor& src, const Tensor& dst) {
  const S* s = src.data<S>();
  D* d = dst.data<D>();
  for_each_pair(src.shape(), src.strides(), dst.strides(),
                [&](int64_t ps, int64_t pd, int64_t n, int64_t is, int64_t id) {
                  if (std::is_same_v<S, uint8_t> && std::is_same_v<D, float> && is == 1 &&
                      id == 1) {
                    // bool -> float32 masks run on every training step: vectorised at -O1 too.
                    TP_VECTORIZE
                    for (int64_t i = 0; i < n; ++i) d[pd + i] = static_cast<D>(s[ps + i]);
                  } else if (is == 1 && id == 1) {
                    for (int64_t i = 0; i < n; ++i) d[pd + i] = static_cast<D>(s[ps + i]);
                  } else {
                    for (int64_t i = 0; i < n; ++i) d[pd + i * id] = static_cast<D>(s[ps + i * is]);
                  }
                });
}

template <class S, class D>
[[gnu::always_inline]] inline void convert(const Tensor& src, const Tensor& dst) {
  if constexpr (std::is_same_v<D, uint8_t> && !std::is_same_v<S, uint8_t>) {
    // bool from a number: nonzero is true.
    const S* s = src.data<S>();
    D* d = dst.data<D>();
    for_each_pair(src.shape(), src.strides(), dst.strides(),
                  [&](int64_t ps, int64_t pd, int64_t n, int64_t is, int64_t id) {
                    for (int64_t i = 0; i < n; ++i) d[pd + i * id] = s[ps + i * is] != S(0);
                  });
  } else if constexpr (std::is_same_v<D, int32_t> && !std::is_same_v<S, int32_t> &&
                       !std::is_same_v<S, uint8_t>) {
    // float to int truncates toward zero like TensorFlow; out of range and NaN saturate.
    const S* s = src.data<S>();
    D* d = dst.data<D>();
    for_each_pair(src.shape(), src.strides(), dst.strides(),
                  [&](int64_t ps, int64_t pd, int64_t n, int64_t is, int64_t id) {
                    for (int64_t i = 0; i < n; ++i) {
                      S v = s[ps + i * is];
                      d[pd + i * id] = v != v ? 0
                                       : v >= S(2147483647.0) ? 2147483647
                                       : v <= S(-2147483648.0) ? (-2147483647 - 1)
                                                               : static_cast<int32_t>(v);
                    }
                  });
  } else {
    copy_typed<S, D>(src, dst);
  }
}

// Casts between dtypes are rare next to same-dtype strided copies: compiled for size (out of line,
// or inlining would compile them as the caller). Except bool -> float32: the gradients of relu,
// the max/min ties and masks run it on every training step.
template <class S, class D>
[[gnu::noinline]] TP_MINSIZE void convert_small(const Tensor& src, const Tensor& dst) {
  convert<S, D>(src, dst);
}

template <class S> void cast_from(const Tensor& src, const Tensor& dst) {
  dispatch(dst.dtype(), [&](auto tag) {
    using D = typename decltype(tag)::type;
    if constexpr (std::is_same_v<S, D> || (std::is_same_v<S, uint8_t> && std::is_same_v<D, float>)) {
      convert<S, D>(src, dst);
    } else {
      convert_small<S, D>(src, dst);
    }
  });
}

}  // namespace

void copy_into(const Tensor& src, const Tensor& dst) {
  if (src.shape() != dst.shape())
    fail("copy: shape ", shape_str(src.shape()), " does not match ", shape_str(dst.shape()));
  if (src.dtype() == dst.dtype() && src.is_contiguous() && dst.is_contiguous()) {
    if (src.nbytes()) std::memmove(dst.raw(), src.raw(), src.nbytes());
    return;
  }
  dispatch(src.dtype(), [&](auto tag) { cast_from<typename decltype(tag)::type>(src, dst); });
}

Tensor cast_to(const Tensor& src, DType to) {
  Tensor out = Tensor::empty(to, src.shape());
  copy_into(src, out);
  return out;
}

const char* dtype_name(DType d) {
  switch (d) {
    case DType::f32: return "float32";
    case DType::i32: return "int32";
    case DType::b8: return "bool";
    case DType::f64: return "float64";
  }
  return "?";
}

DType dtype_from_name(const std::string& n) {
  if (n == "float32") return DType::f32;
  if (n == "int32") return DType::i32;
  if (n == "bool") return DType::b8;
  if (n == "float64") return DType::f64;
  fail("dtype: unknown dtype '", n, "' (expected float32, int32, bool or float64)");
}

}  // namespace tensorpad
