#include "kernels/index_copy.h"

#include <cstring>
#include <type_traits>
#include <xsimd/xsimd.hpp>

namespace tensorpad::kernels {
namespace {

// Views built by tile have twice the tensor rank; 32 covers any of them.
constexpr int kMaxDims = 32;

struct Dim {
  int64_t n, dst_stride, src_stride;
};

template <class E>
void copy_elems(char* dst, int64_t dst_stride, const char* src, int64_t src_stride, int64_t n) {
  E* d = reinterpret_cast<E*>(dst);
  const E* s = reinterpret_cast<const E*>(src);
  for (int64_t i = 0; i < n; ++i) d[i * dst_stride] = s[i * src_stride];
}

// One strided run of elements; strides in elements of `eb` bytes.
void copy_run(char* dst, int64_t ds, const char* src, int64_t ss, int64_t n, size_t eb) {
  switch (eb) {
    case 1:
      return copy_elems<uint8_t>(dst, ds, src, ss, n);
    case 4:
      return copy_elems<uint32_t>(dst, ds, src, ss, n);
    case 8:
      return copy_elems<uint64_t>(dst, ds, src, ss, n);
    default:
      for (int64_t i = 0; i < n; ++i)
        std::memcpy(dst + i * ds * static_cast<int64_t>(eb),
                    src + i * ss * static_cast<int64_t>(eb), eb);
  }
}

// Scatter accumulation: sums, except bool which ORs (TF's scatter_nd on bool).
template <bool Or, class X>
X combine(const X& a, const X& b) {
  if constexpr (Or)
    return static_cast<X>(a | b);
  else
    return a + b;
}

// d[i] = combine(d[i], s[i]): unrolled main loop, one-vector loop, scalar tail.
template <class T>
void accumulate(T* d, const T* s, int64_t n) {
  constexpr bool kOr = std::is_same_v<T, uint8_t>;
  int64_t i = 0;
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
  using V = xsimd::batch<T>;
  constexpr int64_t W = static_cast<int64_t>(V::size);
  for (; i + 4 * W <= n; i += 4 * W) {
    for (int64_t k = 0; k < 4 * W; k += W)
      combine<kOr>(V::load_unaligned(d + i + k), V::load_unaligned(s + i + k))
          .store_unaligned(d + i + k);
  }
  for (; i + W <= n; i += W)
    combine<kOr>(V::load_unaligned(d + i), V::load_unaligned(s + i)).store_unaligned(d + i);
#endif
  for (; i < n; ++i) d[i] = combine<kOr>(d[i], s[i]);
}

template <class T>
void scatter_add(T* dst, const T* src, const int64_t* rows, int64_t n, int64_t run) {
  for (int64_t i = 0; i < n; ++i) accumulate(dst + rows[i] * run, src + i * run, run);
}

}  // namespace

void copy_strided(void* dst, const int64_t* dst_strides, const void* src,
                  const int64_t* src_strides, const int64_t* shape, int rank, size_t elem_bytes) {
  Dim dims[kMaxDims];
  int r = 0;
  for (int i = 0; i < rank; ++i) {
    if (shape[i] == 0) return;
    if (shape[i] == 1) continue;
    Dim& prev = dims[r > 0 ? r - 1 : 0];
    if (r > 0 && prev.dst_stride == dst_strides[i] * shape[i] &&
        prev.src_stride == src_strides[i] * shape[i]) {
      prev = {prev.n * shape[i], dst_strides[i], src_strides[i]};
    } else {
      dims[r++] = {shape[i], dst_strides[i], src_strides[i]};
    }
  }
  char* d = static_cast<char*>(dst);
  const char* s = static_cast<const char*>(src);
  const int64_t eb = static_cast<int64_t>(elem_bytes);
  if (r == 0) {
    std::memcpy(d, s, elem_bytes);
    return;
  }
  const Dim in = dims[r - 1];
  const bool dense = in.dst_stride == 1 && in.src_stride == 1;
  int64_t idx[kMaxDims] = {0};
  int64_t pd = 0, ps = 0;  // byte offsets
  for (;;) {
    if (dense)
      std::memcpy(d + pd, s + ps, static_cast<size_t>(in.n * eb));
    else
      copy_run(d + pd, in.dst_stride, s + ps, in.src_stride, in.n, elem_bytes);
    int k = r - 2;
    for (; k >= 0; --k) {
      pd += dims[k].dst_stride * eb;
      ps += dims[k].src_stride * eb;
      if (++idx[k] < dims[k].n) break;
      pd -= dims[k].dst_stride * dims[k].n * eb;
      ps -= dims[k].src_stride * dims[k].n * eb;
      idx[k] = 0;
    }
    if (k < 0) return;
  }
}

namespace {
// Rows of a fixed small size (a batch of 2-feature samples, one label each): copies the compiler
// inlines, where a memcpy call sized at run time per row cost more than the bytes moved.
template <size_t B>
void gather_fixed(char* d, const char* s, const int64_t* rows, int64_t n) {
  for (int64_t i = 0; i < n; ++i) std::memcpy(d + i * B, s + rows[i] * static_cast<int64_t>(B), B);
}
}  // namespace

void gather_runs(void* dst, const void* src, const int64_t* rows, int64_t n, size_t run_bytes) {
  char* d = static_cast<char*>(dst);
  const char* s = static_cast<const char*>(src);
  switch (run_bytes) {
    case 4: return gather_fixed<4>(d, s, rows, n);
    case 8: return gather_fixed<8>(d, s, rows, n);
    case 12: return gather_fixed<12>(d, s, rows, n);
    case 16: return gather_fixed<16>(d, s, rows, n);
    default:
      for (int64_t i = 0; i < n; ++i)
        std::memcpy(d + i * run_bytes, s + rows[i] * static_cast<int64_t>(run_bytes), run_bytes);
  }
}

void scatter_add_runs(float* dst, const float* src, const int64_t* rows, int64_t n, int64_t run) {
  scatter_add(dst, src, rows, n, run);
}
void scatter_add_runs(double* dst, const double* src, const int64_t* rows, int64_t n, int64_t run) {
  scatter_add(dst, src, rows, n, run);
}
void scatter_add_runs(int32_t* dst, const int32_t* src, const int64_t* rows, int64_t n,
                      int64_t run) {
  scatter_add(dst, src, rows, n, run);
}
void scatter_add_runs(uint8_t* dst, const uint8_t* src, const int64_t* rows, int64_t n,
                      int64_t run) {
  scatter_add(dst, src, rows, n, run);
}

}  // namespace tensorpad::kernels
