// The conversions of core/ops/reference.h, on which every op's reference rests: any layout in,
// NumPy-like xt::xarray<double> out, and back to a tensor of a given dtype.
#include "ops/reference.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "ops/common.h"

namespace tensorpad {
namespace {

using ops_detail::test_input;

// Element k of the xarray is element k (row-major) of the tensor, for every layout.
void expect_same_elements(const Tensor& t, const ref::Array& a) {
  ASSERT_EQ(shape_str(ref::shape_of(a)), shape_str(t.shape()));
  for (int64_t k = 0; k < t.size(); ++k) EXPECT_EQ(a.data()[k], t.item(k)) << "element " << k;
}

TEST(Reference, ToXarrayReadsEveryLayout) {
  const Tensor base = test_input(DType::f32, {4, 6}, -3, 3, 1);
  expect_same_elements(base, ref::to_xarray(base));
  expect_same_elements(base.view({6, 4}, {1, 6}, 0), ref::to_xarray(base.view({6, 4}, {1, 6}, 0)));
  const Tensor reversed = base.view({4, 6}, {-6, 1}, 18);
  expect_same_elements(reversed, ref::to_xarray(reversed));
  const Tensor broadcast = base.view({3, 6}, {0, 1}, 6);
  expect_same_elements(broadcast, ref::to_xarray(broadcast));
  const Tensor scalar = test_input(DType::i32, {}, -5, 5, 2);
  expect_same_elements(scalar, ref::to_xarray(scalar));
  const Tensor empty = Tensor::empty(DType::b8, {2, 0, 3});
  expect_same_elements(empty, ref::to_xarray(empty));
}

TEST(Reference, ToXarrayOfIntegersForIndices) {
  const Tensor idx = test_input(DType::i32, {5}, -4, 9, 3);
  const xt::xarray<int64_t> a = ref::to_xarray<int64_t>(idx);
  for (int64_t k = 0; k < idx.size(); ++k) EXPECT_EQ(static_cast<double>(a(k)), idx.item(k));
}

TEST(Reference, ToTensorConvertsLikeTheOps) {
  const ref::Array v = {2147483648.0, -2147483649.0, -2.7, 2.7, 0.0, 1e-300};
  const Tensor i = ref::to_tensor(v, DType::i32);
  // int32 arithmetic wraps around; fractions truncate toward zero.
  const int32_t want_i[] = {
      std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max(), -2, 2, 0, 0};
  for (int k = 0; k < 6; ++k) EXPECT_EQ(i.data<int32_t>()[k], want_i[k]) << k;
  const Tensor b = ref::to_tensor(v, DType::b8);
  for (int k = 0; k < 6; ++k) EXPECT_EQ(b.data<uint8_t>()[k], v(k) != 0 ? 1 : 0) << k;
  const Tensor f = ref::to_tensor(ref::Array{0.1}, DType::f32);
  EXPECT_EQ(f.data<float>()[0], 0.1f);
  EXPECT_EQ(ref::to_tensor(ref::Array(3.5), DType::f64).rank(), 0);
}

TEST(Reference, NonFiniteInt32IsAReferenceBug) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(ref::to_tensor(ref::Array{1.0, nan}, DType::i32), Error);
  EXPECT_THROW(ref::to_tensor(ref::Array{std::numeric_limits<double>::infinity()}, DType::i32),
               Error);
}

TEST(Reference, AlongSlicesOneAxis) {
  const ref::Array x = xt::reshape_view(xt::arange<double>(24), {2, 3, 4});
  const ref::Array s = xt::strided_view(x, ref::along(3, 1, xt::range(1, 3)));
  ASSERT_EQ(shape_str(ref::shape_of(s)), "[2,2,4]");
  EXPECT_EQ(s(1, 0, 2), x(1, 1, 2));
  EXPECT_EQ(ref::axis_index(-1, 3), 2u);
}

}  // namespace
}  // namespace tensorpad
