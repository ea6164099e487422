#pragma once
// Shapes, strides and the index arithmetic shared by ops: broadcasting, axis normalisation.
#include <cstdint>
#include <string>
#include <vector>

#include "dims.h"

namespace tensorpad {

using Shape = Dims;
using Strides = Dims;  // in elements, may be 0 (broadcast) or negative (reverse)

constexpr int kMaxRank = 8;

int64_t shape_size(const Shape& s);
Strides contiguous_strides(const Shape& s);
std::string shape_str(const Shape& s);  // "[2,3]"
std::string shape_str(const std::vector<int64_t>& s);

// NumPy broadcasting of two shapes; throws "<op>: shapes [..] and [..] are not broadcastable".
Shape broadcast_shapes(const char* op, const Shape& a, const Shape& b);
// Strides that read a tensor of `shape`/`strides` as if it had the broadcast shape `out`.
Strides broadcast_strides(const Shape& shape, const Strides& strides, const Shape& out);

// Maps a possibly negative axis into [0, rank); throws "<op>: axis 3 is out of range for rank 2".
int normalize_axis(const char* op, int64_t axis, int rank);
// Sorted unique normalised axes; an empty list means all axes when `empty_is_all`.
std::vector<int> normalize_axes(const char* op, const std::vector<int64_t>& axes, int rank,
                                bool empty_is_all);

}  // namespace tensorpad
