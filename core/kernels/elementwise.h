#pragma once
// Elementwise kernels: unary math, binary arithmetic with broadcasting, comparisons, logical ops,
// NaN/finite tests and select, over raw pointers and element strides.
//
// Every kernel walks a Loop: the iteration space of the output with one stride set per operand
// (operand 0 is the output, then the inputs). Strides are in elements and may be 0 (broadcast) or
// negative (reversed). Rows whose strides are 1 or 0 run the xsimd kernels directly (unrolled 4
// vectors, one vector, then a zero-padded vector for the tail); other rows are gathered into a
// small buffer first, so every element of a float op is computed by the same vector code whatever
// the layout, position or length (results are identical bit for bit). A transposed operand makes
// the walk go in column tiles to keep its cache lines in use. int32, bool and mixed-type kernels
// are plain loops (the WebAssembly engine compiles them for size: CMakeLists.txt).
//
// Floating edge conventions (the op table documents them too): NaN propagates through every op,
// including relu, relu6, clip, maximum and minimum; sign(+-0) = +-0; round is half to even.
// Integer conventions: add/sub/mul/neg/abs/square/pow wrap around; floorDiv and mod by zero give 0;
// INT_MIN floorDiv -1 gives INT_MIN; pow with a negative exponent is 1/a^-b truncated toward zero
// (1 for a = 1, +-1 for a = -1, else 0; 0^-b gives 0 as TF.js's Int32Array store of inf).
#include <cstdint>
#include <initializer_list>

namespace tensorpad::kernels {

/// Iteration space of an elementwise op; build it with make_loop.
struct Loop {
  static constexpr int kMaxRank = 8;
  static constexpr int kMaxOperands = 4;
  int rank = 1;  // always >= 1: rank 0 and all-size-1 shapes become one row of one element
  int operands = 0;
  int64_t shape[kMaxRank] = {1};
  int64_t strides[kMaxOperands][kMaxRank] = {};
  int64_t size() const;
};

/// Loop over `shape` (rank <= 8) for operands with the given strides (output first). Size-1 dims
/// are dropped and neighbouring dims that are contiguous in every operand are merged, so a dense
/// same-shape op becomes one row and [n,m] + [m] becomes n rows of m.
Loop make_loop(int rank, const int64_t* shape, std::initializer_list<const int64_t*> strides);

// X-macro lists: the enums below and the kernel switches are generated from them.
// clang-format off
// Unary ops defined for int32 as well as float32/float64:
#define TP_UNARY_INT_KERNELS(X) X(neg) X(abs) X(sign) X(square)
// Unary ops for float32/float64 only:
#define TP_UNARY_FLOAT_KERNELS(X)                                                              \
  X(floor) X(ceil) X(round) X(sqrt) X(rsqrt) X(reciprocal) X(exp) X(expm1) X(log) X(log1p)      \
  X(sin) X(cos) X(tan) X(tanh) X(sigmoid) X(softplus) X(relu) X(relu6) X(elu) X(selu)           \
  X(leaky_relu) X(gelu) X(erf) X(clip) X(acos) X(asin) X(atan) X(acosh) X(asinh) X(atanh)      \
  X(cosh) X(sinh)
#define TP_BINARY_INT_KERNELS(X) \
  X(add) X(sub) X(mul) X(floor_div) X(mod) X(maximum) X(minimum) X(pow)
#define TP_BINARY_FLOAT_KERNELS(X) X(div) X(atan2)
// clang-format on

#define TP_ENUM_ITEM(name) name,
enum class Unary : uint8_t {
  TP_UNARY_INT_KERNELS(TP_ENUM_ITEM) TP_UNARY_FLOAT_KERNELS(TP_ENUM_ITEM)
};
enum class Binary : uint8_t {
  TP_BINARY_INT_KERNELS(TP_ENUM_ITEM) TP_BINARY_FLOAT_KERNELS(TP_ENUM_ITEM)
};
#undef TP_ENUM_ITEM
enum class Compare : uint8_t { equal, not_equal, less, less_equal, greater, greater_equal };
enum class Logical : uint8_t { logical_and, logical_or, logical_not };
enum class Classify : uint8_t { is_nan, is_finite };

/// Parameters of the unary ops that take them; the others ignore them.
struct UnaryParams {
  double alpha = 0.2;        // leaky_relu slope for x <= 0
  double lo = 0, hi = 0;     // clip bounds
  bool approximate = false;  // gelu: tanh form instead of the exact erf form
};

/// y = f(x) over `loop` (operands: y, x). T: float, double; int32_t for the int list above (a
/// float-only op on int32_t does nothing: the op table rejects such calls first).
template <class T>
void unary(Unary op, const Loop& loop, const T* x, T* y, const UnaryParams& p = {});
/// One row: y[i * sy] = f(x[i * sx]) for i < n. y may equal x (same strides), else no overlap.
template <class T>
void unary(Unary op, int64_t n, const T* x, int64_t sx, T* y, int64_t sy,
           const UnaryParams& p = {});

/// out = f(a, b) over `loop` (operands: out, a, b). T: float, double; int32_t for the int list.
template <class T>
void binary(Binary op, const Loop& loop, const T* a, const T* b, T* out);
/// One row; a stride of 0 broadcasts that operand. out may equal a or b (same strides).
template <class T>
void binary(Binary op, int64_t n, const T* a, int64_t sa, const T* b, int64_t sb, T* out,
            int64_t so);

/// out = a <op> b as 0/1 bytes (operands: out, a, b). T: float, double, int32_t, uint8_t.
template <class T>
void compare(Compare op, const Loop& loop, const T* a, const T* b, uint8_t* out);

/// Logical ops on bools stored as bytes (nonzero is true); logical_not ignores b (may be null).
void logical(Logical op, const Loop& loop, const uint8_t* a, const uint8_t* b, uint8_t* out);

/// out = isnan(x) / isfinite(x) as 0/1 bytes (operands: out, x). T: float, double.
template <class T>
void classify(Classify op, const Loop& loop, const T* x, uint8_t* out);

/// out = cond ? a : b (operands: out, cond, a, b). T: float, double, int32_t, uint8_t.
template <class T>
void select(const Loop& loop, const uint8_t* cond, const T* a, const T* b, T* out);

/// Scalar references: the same expressions as the vector kernels, evaluated on one double with
/// <cmath> functions. Tests compare the kernels against them.
double unary_scalar(Unary op, double x, const UnaryParams& p = {});
double binary_scalar(Binary op, double a, double b);

}  // namespace tensorpad::kernels
