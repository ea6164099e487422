#include "kernels/gemm.h"

#include <algorithm>
#include <cstddef>
#include <vector>
#include <xsimd/xsimd.hpp>

#include "parallel.h"

// Packed, cache-blocked GEMM in the BLIS/GotoBLAS structure:
//   for jc (nc columns of C):  for pc (kc of k):  pack op(B)[pc, jc] into NR-wide micro-panels
//     for ic (mc rows of C):  pack op(A)[ic, pc] into MR-tall micro-panels
//       for jr, ir:  MR x NR micro-kernel over kc, operands read contiguously from the packs.
// The packs absorb the transposes (each packing is either a strided copy or an in-register
// transpose), so NN, NT, TN and TT share one micro-kernel and run at the same speed. Edge tiles are
// zero-padded in the packs and written back through a small stack tile. Matrix-vector shapes
// (m == 1 or n == 1) and tiny skinny products take their own loops; see gemm() at the end.

namespace tensorpad::kernels {
namespace detail {

#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
template <class T>
using vec = xsimd::batch<T>;

// MR x (NV * vector width) tile: accumulators stay in registers for the whole kc loop.
// Register budget under V8 on x64: 15 allocatable xmm registers (xmm15 is V8's scratch), and
// TurboFan schedules all loads of a loop body before the arithmetic, so every loaded value (NV B
// vectors + MR broadcasts) is live at once next to the MR * NV accumulators and one product.
// 4x8 f32 needs 8 + 2 + 4 + 1 = 15 and never spills; 6x8 (21) spills 6 registers per k step and
// runs at 2/3 of the speed; unrolling the k loop spills for the same reason.
template <class T, int MR, int NV>
inline void ukernel_xsimd(int64_t kc, const T* __restrict pa, const T* __restrict pb, T* c,
                          int64_t ldc, bool add) {
  using V = vec<T>;
  constexpr int W = static_cast<int>(V::size);
  V acc[MR][NV];
  for (int i = 0; i < MR; ++i)
    for (int j = 0; j < NV; ++j) acc[i][j] = V(T(0));
  for (int64_t p = 0; p < kc; ++p) {
    V bv[NV];
    for (int j = 0; j < NV; ++j) bv[j] = V::load_aligned(pb + j * W);
    for (int i = 0; i < MR; ++i) {
      const V av(pa[i]);
      for (int j = 0; j < NV; ++j) acc[i][j] += av * bv[j];
    }
    pa += MR;
    pb += NV * W;
  }
  for (int i = 0; i < MR; ++i) {
    for (int j = 0; j < NV; ++j) {
      T* dst = c + i * ldc + j * W;
      V r = acc[i][j];
      if (add) r += V::load_unaligned(dst);
      r.store_unaligned(dst);
    }
  }
}

#endif

// Portable fallback for targets where xsimd has no architecture (e.g. WASM without -msimd128).
template <class T, int MR, int NR>
inline void ukernel_scalar(int64_t kc, const T* __restrict pa, const T* __restrict pb, T* c,
                           int64_t ldc, bool add) {
  T acc[MR][NR] = {};
  for (int64_t p = 0; p < kc; ++p, pa += MR, pb += NR)
    for (int i = 0; i < MR; ++i)
      for (int j = 0; j < NR; ++j) acc[i][j] += pa[i] * pb[j];
  for (int i = 0; i < MR; ++i)
    for (int j = 0; j < NR; ++j) c[i * ldc + j] = add ? c[i * ldc + j] + acc[i][j] : acc[i][j];
}

#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
// Each translation unit defines its own type's (gemm_f64.cpp the float64 ones).
void ukernel_f32_4x8__xsimd(int64_t, const float*, const float*, float*, int64_t, bool);
void ukernel_f32_4x4__xsimd(int64_t, const float*, const float*, float*, int64_t, bool);
void ukernel_f64_4x4__xsimd(int64_t, const double*, const double*, double*, int64_t, bool);
void ukernel_f64_4x2__xsimd(int64_t, const double*, const double*, double*, int64_t, bool);
#ifndef TENSORPAD_KERNELS_F64
void ukernel_f32_4x8__xsimd(int64_t kc, const float* pa, const float* pb, float* c, int64_t ldc,
                            bool add) {
  ukernel_xsimd<float, 4, 2>(kc, pa, pb, c, ldc, add);
}
void ukernel_f32_4x4__xsimd(int64_t kc, const float* pa, const float* pb, float* c, int64_t ldc,
                            bool add) {
  ukernel_xsimd<float, 4, 1>(kc, pa, pb, c, ldc, add);
}
#else
void ukernel_f64_4x4__xsimd(int64_t kc, const double* pa, const double* pb, double* c, int64_t ldc,
                            bool add) {
  ukernel_xsimd<double, 4, 2>(kc, pa, pb, c, ldc, add);
}
void ukernel_f64_4x2__xsimd(int64_t kc, const double* pa, const double* pb, double* c, int64_t ldc,
                            bool add) {
  ukernel_xsimd<double, 4, 1>(kc, pa, pb, c, ldc, add);
}
#endif
#endif

// The one place that chooses tiles and block sizes. Blocks: an MR x kc A micro-panel and a kc x NR
// B micro-panel stay in L1, the mc x kc A block in L2, the kc x nc B block in L2/L3. Tuned in WASM
// under Node 20 on the project machine (bench/kernels/gemm_bench.cpp): the tile shape decides the
// speed, blocks barely matter (mc 48..128, kc 128..512, nc 512..2048 all within 46-48 GFLOP/s
// f32); these sit in the flat middle and keep the retained B scratch at 1.5 MB.
// `ukernel_narrow` (NR / 2 wide) takes the last B panel when it has at most NR / 2 columns, e.g.
// n = 10 classes: 12 columns computed instead of 16.
template <class T>
struct Config;

template <>
struct Config<float> {
  static constexpr int mr = 4, nr = 8;
  static constexpr int64_t mc = 96, kc = 384, nc = 1024;
  static void ukernel(int64_t kb, const float* pa, const float* pb, float* c, int64_t ldc,
                      bool add) {
#if defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
    ukernel_scalar<float, 4, 8>(kb, pa, pb, c, ldc, add);
#else
    ukernel_f32_4x8__xsimd(kb, pa, pb, c, ldc, add);
#endif
  }
  static void ukernel_narrow(int64_t kb, const float* pa, const float* pb, float* c, int64_t ldc,
                             bool add) {
#if defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
    ukernel_scalar<float, 4, 4>(kb, pa, pb, c, ldc, add);
#else
    ukernel_f32_4x4__xsimd(kb, pa, pb, c, ldc, add);
#endif
  }
};

template <>
struct Config<double> {
  static constexpr int mr = 4, nr = 4;
  static constexpr int64_t mc = 96, kc = 192, nc = 1024;
  static void ukernel(int64_t kb, const double* pa, const double* pb, double* c, int64_t ldc,
                      bool add) {
#if defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
    ukernel_scalar<double, 4, 4>(kb, pa, pb, c, ldc, add);
#else
    ukernel_f64_4x4__xsimd(kb, pa, pb, c, ldc, add);
#endif
  }
  static void ukernel_narrow(int64_t kb, const double* pa, const double* pb, double* c, int64_t ldc,
                             bool add) {
#if defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
    ukernel_scalar<double, 4, 2>(kb, pa, pb, c, ldc, add);
#else
    ukernel_f64_4x2__xsimd(kb, pa, pb, c, ldc, add);
#endif
  }
};

// Tiny products that would fill under half of each tile (m < MR or n < NR / 2) run faster unpacked
// up to this many multiply-adds (measured in WASM: 2x2x100 and 5x3x20 unpacked 3x faster, while
// 6x6x6, 4x4x16 and 8x8x8 are 1.3x-5x faster packed).
constexpr int64_t kDirectMaxMacs = 512;

// dst[p * P + r] = src[p * ld + r]: rows are contiguous in the source (op(A) when trans_a,
// op(B) when !trans_b). Rows in [rows, P) are zero padding: it only reaches discarded edge-tile
// outputs, but must not be stale scratch that could hold NaNs or slow denormals.
template <class T, int P>
void pack_copy(const T* src, int64_t ld, int64_t rows, int64_t cols, T* __restrict dst) {
  if (rows == P) {
    for (int64_t p = 0; p < cols; ++p, src += ld, dst += P)
      for (int r = 0; r < P; ++r) dst[r] = src[r];
    return;
  }
  for (int64_t p = 0; p < cols; ++p, src += ld, dst += P) {
    for (int64_t r = 0; r < rows; ++r) dst[r] = src[r];
    for (int64_t r = rows; r < P; ++r) dst[r] = T(0);
  }
}

#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
// In-register transpose of a W x W block (W = 4 floats or 2 doubles on SSE/SIMD128).
template <class T, int W>
inline void transpose_block(vec<T> (&v)[W]) {
  if constexpr (W == 4) {
    const vec<T> t0 = xsimd::zip_lo(v[0], v[2]), t1 = xsimd::zip_lo(v[1], v[3]);
    const vec<T> t2 = xsimd::zip_hi(v[0], v[2]), t3 = xsimd::zip_hi(v[1], v[3]);
    v[0] = xsimd::zip_lo(t0, t1);
    v[1] = xsimd::zip_hi(t0, t1);
    v[2] = xsimd::zip_lo(t2, t3);
    v[3] = xsimd::zip_hi(t2, t3);
  } else {
    static_assert(W == 2, "transpose_block supports 2 and 4 lanes");
    const vec<T> t0 = xsimd::zip_lo(v[0], v[1]), t1 = xsimd::zip_hi(v[0], v[1]);
    v[0] = t0;
    v[1] = t1;
  }
}
#endif

// dst[p * P + r] = src[r * ld + p]: columns are contiguous in the source (op(A) when !trans_a,
// op(B) when trans_b). W x W blocks are transposed in registers so this costs about as much as
// pack_copy; leftover rows and columns go element by element.
template <class T, int P>
void pack_transpose(const T* src, int64_t ld, int64_t rows, int64_t cols, T* __restrict dst) {
  int64_t p = 0;
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
  constexpr int W = static_cast<int>(vec<T>::size);
  if constexpr (W == 2 || W == 4) {
    for (; p + W <= cols; p += W) {
      T* d = dst + p * P;
      int64_t r = 0;
      for (; r + W <= rows; r += W) {
        vec<T> v[W];
        for (int q = 0; q < W; ++q) v[q] = vec<T>::load_unaligned(src + (r + q) * ld + p);
        transpose_block<T, W>(v);
        for (int q = 0; q < W; ++q) v[q].store_unaligned(d + q * P + r);
      }
      for (; r < rows; ++r)
        for (int q = 0; q < W; ++q) d[q * P + r] = src[r * ld + p + q];
      for (; r < P; ++r)
        for (int q = 0; q < W; ++q) d[q * P + r] = T(0);
    }
  }
#endif
  for (; p < cols; ++p) {
    T* d = dst + p * P;
    int64_t r = 0;
    for (; r < rows; ++r) d[r] = src[r * ld + p];
    for (; r < P; ++r) d[r] = T(0);
  }
}

// Packs rows [i0, i0 + mb) x cols [p0, p0 + kb) of op(A) into MR-tall micro-panels.
template <class T, int MR>
void pack_a(bool trans, const T* a, int64_t lda, int64_t i0, int64_t p0, int64_t mb, int64_t kb,
            T* dst) {
  for (int64_t i = 0; i < mb; i += MR, dst += MR * kb) {
    const int64_t rows = std::min<int64_t>(MR, mb - i);
    if (trans)
      pack_copy<T, MR>(a + p0 * lda + i0 + i, lda, rows, kb, dst);
    else
      pack_transpose<T, MR>(a + (i0 + i) * lda + p0, lda, rows, kb, dst);
  }
}

// Packs rows [p0, p0 + kb) x cols [j0, j0 + nb) of op(B) into NR-wide micro-panels; a last panel
// of at most NR / 2 columns is packed NR / 2 wide for ukernel_narrow.
template <class T, int NR>
void pack_b(bool trans, const T* b, int64_t ldb, int64_t p0, int64_t j0, int64_t kb, int64_t nb,
            T* dst) {
  for (int64_t j = 0; j < nb; j += NR, dst += NR * kb) {
    const int64_t cols = std::min<int64_t>(NR, nb - j);
    const T* src = trans ? b + (j0 + j) * ldb + p0 : b + p0 * ldb + j0 + j;
    if (cols <= NR / 2) {
      if (trans)
        pack_transpose<T, NR / 2>(src, ldb, cols, kb, dst);
      else
        pack_copy<T, NR / 2>(src, ldb, cols, kb, dst);
    } else if (trans) {
      pack_transpose<T, NR>(src, ldb, cols, kb, dst);
    } else {
      pack_copy<T, NR>(src, ldb, cols, kb, dst);
    }
  }
}

// Per-thread scratch, 64-byte aligned, grown on demand and kept: repeated calls (training loops)
// allocate nothing after the first call at the largest size.
template <class T, int Slot>
T* scratch(size_t count) {
  constexpr size_t kAlign = 64;
  thread_local std::vector<unsigned char> buf;
  const size_t bytes = count * sizeof(T) + kAlign;
  if (buf.size() < bytes) buf = std::vector<unsigned char>(bytes);  // no copy of stale data
  const auto addr = reinterpret_cast<uintptr_t>(buf.data());
  return reinterpret_cast<T*>((addr + kAlign - 1) & ~(kAlign - 1));
}

inline int64_t round_up(int64_t x, int64_t to) { return (x + to - 1) / to * to; }

// Tiny products: no packing, one sequential dot per output.
template <class T>
void gemm_direct(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda,
                 const T* b, int64_t ldb, T* c, int64_t ldc, bool accumulate) {
  const int64_t sai = ta ? 1 : lda, sap = ta ? lda : 1;
  const int64_t sbp = tb ? 1 : ldb, sbj = tb ? ldb : 1;
  for (int64_t i = 0; i < m; ++i) {
    T* ci = c + i * ldc;
    for (int64_t j = 0; j < n; ++j) {
      const T* ap = a + i * sai;
      const T* bp = b + j * sbj;
      T s = T(0);
      for (int64_t p = 0; p < k; ++p, ap += sap, bp += sbp) s += *ap * *bp;
      ci[j] = accumulate ? ci[j] + s : s;
    }
  }
}

#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
// Narrow products (n up to 4 vectors, k within one kc block, too little work for threads), as a
// small network's layers and their gradients: packing A into MR-tall panels and writing edge
// tiles through a stack tile cost more than the arithmetic. Each row of C keeps NV accumulators
// over the whole of k, against op(B) copied once into a zero-padded NV * W-wide buffer: the same
// operations in the same order as the micro-kernel, so the same bits.
template <class T, int NV>
void gemm_rows(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda, const T* b,
               int64_t ldb, T* c, int64_t ldc, bool accumulate) {
  using V = vec<T>;
  constexpr int64_t W = V::size, NW = NV * V::size;
  T* pb = scratch<T, 1>(static_cast<size_t>(k * NW));
  for (int64_t p = 0; p < k; ++p) {
    T* row = pb + p * NW;
    for (int64_t j = 0; j < n; ++j) row[j] = tb ? b[j * ldb + p] : b[p * ldb + j];
    std::fill(row + n, row + NW, T(0));
  }
  const int64_t sai = ta ? 1 : lda, sap = ta ? lda : 1;
  for (int64_t i = 0; i < m; ++i) {
    V acc[NV];
    for (int j = 0; j < NV; ++j) acc[j] = V(T(0));
    const T* ap = a + i * sai;
    const T* bp = pb;
    for (int64_t p = 0; p < k; ++p, ap += sap, bp += NW) {
      const V av(*ap);
      for (int j = 0; j < NV; ++j) acc[j] += av * V::load_aligned(bp + j * W);
    }
    T* ci = c + i * ldc;
    if (n == NW) {
      for (int j = 0; j < NV; ++j) {
        V r = acc[j];
        if (accumulate) r += V::load_unaligned(ci + j * W);
        r.store_unaligned(ci + j * W);
      }
    } else {
      alignas(64) T tile[NW];
      for (int j = 0; j < NV; ++j) acc[j].store_aligned(tile + j * W);
      for (int64_t j = 0; j < n; ++j) ci[j] = accumulate ? ci[j] + tile[j] : tile[j];
    }
  }
}

template <class T>
constexpr int64_t kRowsMaxN = 4 * static_cast<int64_t>(vec<T>::size);

template <class T>
void gemm_narrow(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda, const T* b,
                 int64_t ldb, T* c, int64_t ldc, bool accumulate) {
  constexpr int64_t W = vec<T>::size;
  switch ((n + W - 1) / W) {
    case 1: return gemm_rows<T, 1>(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    case 2: return gemm_rows<T, 2>(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    case 3: return gemm_rows<T, 3>(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
    default: return gemm_rows<T, 4>(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
  }
}

// sums[0, NV * W) += sum_{p < kb} x[p * incx] * rows[p * ld + (0, NV * W)], sequentially over p.
template <class T, int NV>
void gemv_chunk(const T* rows, int64_t ld, int64_t kb, const T* x, int64_t incx, T* sums) {
  using V = vec<T>;
  constexpr int W = static_cast<int>(V::size);
  V acc[NV];
  for (int q = 0; q < NV; ++q) acc[q] = V::load_aligned(sums + q * W);
  for (int64_t p = 0; p < kb; ++p, rows += ld, x += incx) {
    const V xv(*x);
    for (int q = 0; q < NV; ++q) acc[q] += xv * V::load_unaligned(rows + q * W);
  }
  for (int q = 0; q < NV; ++q) acc[q].store_aligned(sums + q * W);
}
#endif

// Matrix-vector products (m == 1 or n == 1) are memory bound: the packed path would pad the vector
// side to a whole tile. y[j * incy] (+)= sum_p x[p * incx] * M(p, j) with
// M(p, j) = mat[p * ldp + j * ldj], where ldj == 1 (rows of M contiguous: vectorize across j) or
// ldp == 1 (columns contiguous: transpose blocks of rows into an L1 buffer, then the same loop).
// Every output is summed sequentially over p either way, so the transpose variants of a shape
// agree bitwise; the price is that the transposed form runs at about half the speed.
template <class T>
void gemv(int64_t len, int64_t k, const T* x, int64_t incx, const T* mat, int64_t ldp, int64_t ldj,
          T* y, int64_t incy, bool accumulate) {
  int64_t j = 0;
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
  constexpr int W = static_cast<int>(vec<T>::size);
  constexpr int NV = 4, CH = NV * W;
  alignas(64) T sums[CH];
  const auto flush = [&](int64_t count) {
    for (int64_t t = 0; t < count; ++t) {
      T& dst = y[(j + t) * incy];
      dst = accumulate ? dst + sums[t] : sums[t];
    }
  };
  if (ldj == 1) {
    for (; j + CH <= len; j += CH) {
      std::fill_n(sums, CH, T(0));
      gemv_chunk<T, NV>(mat + j, ldp, k, x, incx, sums);
      flush(CH);
    }
    for (; j + W <= len; j += W) {
      std::fill_n(sums, W, T(0));
      gemv_chunk<T, 1>(mat + j, ldp, k, x, incx, sums);
      flush(W);
    }
  } else {
    constexpr int64_t kKb = 256;
    T* buf = scratch<T, 2>(static_cast<size_t>(kKb * CH));
    for (; j + W <= len; j += CH) {
      const int64_t rows = std::min<int64_t>(CH, len - j);
      std::fill_n(sums, CH, T(0));
      for (int64_t p = 0; p < k; p += kKb) {
        const int64_t kb = std::min(kKb, k - p);
        pack_transpose<T, CH>(mat + j * ldj + p, ldj, rows, kb, buf);
        gemv_chunk<T, NV>(buf, CH, kb, x + p * incx, incx, sums);
      }
      flush(rows);
    }
    j = std::min(j, len);
  }
#endif
  for (; j < len; ++j) {
    const T* mp = mat + j * ldj;
    T s = T(0);
    for (int64_t p = 0; p < k; ++p, mp += ldp) s += x[p * incx] * *mp;
    T& dst = y[j * incy];
    dst = accumulate ? dst + s : s;
  }
}

// Parallel split (core/parallel.h): one parallel region per product. C is cut into a grid of
// row ranges (multiples of MR) x column ranges (multiples of NR), one piece per task, and each task
// runs the whole blocked loop nest on its piece with its own packs. Cutting columns repacks A once
// per column piece, cutting rows repacks B once per row piece: the cut goes across the operand
// that is cheaper to pack twice. One join per product instead of two per (jc, pc) block: a training
// step's products are small enough for the joins to matter. An element of C is always summed over
// the same kc blocks, in the same order, by the same micro-kernel sequence, whatever the piece it
// falls in, so the result does not depend on the split or the thread count.
constexpr int64_t kMinTaskMacs = int64_t(1) << 18;

// C[i0:i1, j0:j1] (+)= op(A)[i0:i1, :] op(B)[:, j0:j1], sequentially; j0 a multiple of NR.
template <class T>
void gemm_block(bool ta, bool tb, int64_t i0, int64_t i1, int64_t j0, int64_t j1, int64_t k,
                const T* a, int64_t lda, const T* b, int64_t ldb, T* c, int64_t ldc,
                bool accumulate) {
  using Cfg = Config<T>;
  constexpr int MR = Cfg::mr, NR = Cfg::nr;
  const int64_t m = i1 - i0, n = j1 - j0;
  const int64_t kc_max = std::min(k, Cfg::kc);
  T* pa = scratch<T, 0>(static_cast<size_t>(round_up(std::min(m, Cfg::mc), MR) * kc_max));
  T* pb = scratch<T, 1>(static_cast<size_t>(round_up(std::min(n, Cfg::nc), NR) * kc_max));
  for (int64_t jc = j0; jc < j1; jc += Cfg::nc) {
    const int64_t nb = std::min(Cfg::nc, j1 - jc);
    for (int64_t pc = 0; pc < k; pc += Cfg::kc) {
      const int64_t kb = std::min(Cfg::kc, k - pc);
      // Later k blocks add onto the partial sums of earlier ones.
      const bool add = accumulate || pc > 0;
      pack_b<T, NR>(tb, b, ldb, pc, jc, kb, nb, pb);
      for (int64_t ic = i0; ic < i1; ic += Cfg::mc) {
        const int64_t mb = std::min(Cfg::mc, i1 - ic);
        pack_a<T, MR>(ta, a, lda, ic, pc, mb, kb, pa);
        for (int64_t jr = 0; jr < nb; jr += NR) {
          const int64_t nr = std::min<int64_t>(NR, nb - jr);
          const bool narrow = nr <= NR / 2;
          const int64_t width = narrow ? NR / 2 : NR;
          const T* pbj = pb + jr * kb;
          const auto run = [&](const T* pai, T* dst, int64_t ld, bool add_to_dst) {
            if (narrow)
              Cfg::ukernel_narrow(kb, pai, pbj, dst, ld, add_to_dst);
            else
              Cfg::ukernel(kb, pai, pbj, dst, ld, add_to_dst);
          };
          for (int64_t ir = 0; ir < mb; ir += MR) {
            const int64_t mr = std::min<int64_t>(MR, mb - ir);
            const T* pai = pa + ir * kb;
            T* cij = c + (ic + ir) * ldc + jc + jr;
            if (mr == MR && nr == width) {
              run(pai, cij, ldc, add);
              continue;
            }
            alignas(64) T tile[MR * NR];
            run(pai, tile, width, false);
            for (int64_t i = 0; i < mr; ++i)
              for (int64_t j = 0; j < nr; ++j)
                cij[i * ldc + j] =
                    add ? cij[i * ldc + j] + tile[i * width + j] : tile[i * width + j];
          }
        }
      }
    }
  }
}

template <class T>
void gemm_packed(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda,
                 const T* b, int64_t ldb, T* c, int64_t ldc, bool accumulate) {
  constexpr int MR = Config<T>::mr, NR = Config<T>::nr;
  const int64_t tasks = parallel::task_count(m * n * k, kMinTaskMacs);
  if (tasks <= 1) return gemm_block(ta, tb, 0, m, 0, n, k, a, lda, b, ldb, c, ldc, accumulate);
  const int64_t mtiles = (m + MR - 1) / MR, panels = (n + NR - 1) / NR;
  // Cut across the dimension whose other operand is cheaper to pack again (B is k x n, A m x k),
  // into `tasks` pieces when it has that many tiles; the other dimension takes the rest.
  int64_t rows, cols;
  if (n >= m) {
    cols = std::min(panels, tasks);
    rows = std::min(mtiles, (tasks + cols - 1) / cols);
  } else {
    rows = std::min(mtiles, tasks);
    cols = std::min(panels, (tasks + rows - 1) / rows);
  }
  parallel::for_tasks(rows * cols, [&](int64_t t) {
    const int64_t r = t / cols, q = t % cols;
    const int64_t i0 = std::min(m, mtiles * r / rows * MR);
    const int64_t i1 = std::min(m, mtiles * (r + 1) / rows * MR);
    const int64_t j0 = std::min(n, panels * q / cols * NR);
    const int64_t j1 = std::min(n, panels * (q + 1) / cols * NR);
    if (i0 < i1 && j0 < j1)
      gemm_block(ta, tb, i0, i1, j0, j1, k, a, lda, b, ldb, c, ldc, accumulate);
  });
}

template <class T>
void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda, const T* b,
          int64_t ldb, T* c, int64_t ldc, bool accumulate) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate)
      for (int64_t i = 0; i < m; ++i) std::fill_n(c + i * ldc, n, T(0));
    return;
  }
  // The path depends on the shape only, never on the transposes (see gemv).
  if (m == 1)
    gemv(n, k, a, ta ? lda : 1, b, tb ? 1 : ldb, tb ? ldb : 1, c, 1, accumulate);
  else if (n == 1)
    gemv(m, k, b, tb ? 1 : ldb, a, ta ? lda : 1, ta ? 1 : lda, c, ldc, accumulate);
  else if ((m < Config<T>::mr || n < Config<T>::nr / 2) && m <= kDirectMaxMacs &&
           n <= kDirectMaxMacs && k <= kDirectMaxMacs && m * n * k <= kDirectMaxMacs)
    gemm_direct(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
  else if (n <= kRowsMaxN<T> && k <= Config<T>::kc && m * n * k < kMinTaskMacs)
    gemm_narrow(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
#endif
  else
    gemm_packed(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

template <class T>
void gemm_ref(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda,
              const T* b, int64_t ldb, T* c, int64_t ldc, bool accumulate) {
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      double s = 0.0;
      for (int64_t p = 0; p < k; ++p) {
        const double av = ta ? a[p * lda + i] : a[i * lda + p];
        const double bv = tb ? b[j * ldb + p] : b[p * ldb + j];
        s += av * bv;
      }
      T& dst = c[i * ldc + j];
      dst = static_cast<T>(accumulate ? static_cast<double>(dst) + s : s);
    }
  }
}

}  // namespace detail

// float64 in gemm_f64.cpp (the engine compiles it for size).
#ifndef TENSORPAD_KERNELS_F64
void gemm_f32(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const float* a,
              int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc, bool accumulate) {
  detail::gemm(trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

void gemm_ref_f32(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const float* a,
                  int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc,
                  bool accumulate) {
  detail::gemm_ref(trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}
#else
void gemm_f64(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const double* a,
              int64_t lda, const double* b, int64_t ldb, double* c, int64_t ldc, bool accumulate) {
  detail::gemm(trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

void gemm_ref_f64(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, const double* a,
                  int64_t lda, const double* b, int64_t ldb, double* c, int64_t ldc,
                  bool accumulate) {
  detail::gemm_ref(trans_a, trans_b, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
}

#endif

}  // namespace tensorpad::kernels
