#pragma once
// Tensor: dtype, shape and strides over reference-counted, aligned storage. Views (slices,
// transposes, broadcasts, reshapes of contiguous data) share storage; kernels that need dense
// input call contiguous(), which copies only when the layout requires it.
#include <cstdint>
#include <memory>

#include "dtype.h"
#include "shape.h"

namespace tensorpad {

struct MemoryStats {
  int64_t live_buffers = 0;
  int64_t live_bytes = 0;
  int64_t peak_bytes = 0;
};
const MemoryStats& memory_stats();
void reset_peak_bytes();

// Most bytes all live tensors may hold together; an allocation past it fails before anything is
// allocated, naming the op. Default: the address space (4 GiB on wasm32), else 1 TiB.
int64_t memory_limit();
void set_memory_limit(int64_t bytes);

// Names the op whose kernel is running, for allocation errors ("zeros: [100000,100000] float32
// needs 40 GB ..."). Nested scopes restore the outer name.
class OpNameScope {
 public:
  explicit OpNameScope(const char* name);
  ~OpNameScope();
  OpNameScope(const OpNameScope&) = delete;
  OpNameScope& operator=(const OpNameScope&) = delete;

 private:
  const char* outer_;
};

// A buffer of bytes aligned for SIMD. Counted in memory_stats() while alive.
class Storage {
 public:
  explicit Storage(size_t bytes);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
  void* data() const { return data_; }
  size_t bytes() const { return bytes_; }

 private:
  void* data_;
  size_t bytes_;
};

class Tensor {
 public:
  Tensor() = default;
  // Uninitialised contiguous tensor.
  static Tensor empty(DType dtype, Shape shape);
  static Tensor zeros(DType dtype, Shape shape);
  template <class T> static Tensor scalar(T value);

  bool defined() const { return storage_ != nullptr; }
  DType dtype() const { return dtype_; }
  const Shape& shape() const { return shape_; }
  const Strides& strides() const { return strides_; }
  int64_t offset() const { return offset_; }
  int rank() const { return static_cast<int>(shape_.size()); }
  int64_t dim(int i) const { return shape_[i]; }
  int64_t size() const { return shape_size(shape_); }
  size_t nbytes() const { return static_cast<size_t>(size()) * dtype_size(dtype_); }
  const std::shared_ptr<Storage>& storage() const { return storage_; }
  // Identity for autodiff: copies of a Tensor share it; every new tensor or view gets a new one.
  uint64_t uid() const { return uid_; }
  // A new identity for the same data and layout (an op whose result aliases its input).
  Tensor fresh() const;
  // Set on the value of a trainable variable: tapes watch it without an explicit watch().
  bool trainable() const { return trainable_; }
  void set_trainable(bool on) { trainable_ = on; }

  bool is_contiguous() const;
  // This tensor if already contiguous, else a dense copy.
  Tensor contiguous() const;
  // Row-major dense data with this tensor's identity (uid, trainable): what a host reading a
  // view's values keeps, since reading must not change what tapes and traces see.
  Tensor dense_same_identity() const;
  // A new contiguous tensor with its own storage.
  Tensor clone() const;
  // Same storage, other layout; the caller guarantees it stays within the buffer.
  Tensor view(Shape shape, Strides strides, int64_t offset) const;

  // Pointer to element 0 (at `offset`). Valid for strided access with strides().
  template <class T> T* data() const { return static_cast<T*>(storage_->data()) + offset_; }
  void* raw() const { return static_cast<char*>(storage_->data()) + offset_ * dtype_size(dtype_); }

  // Element as double, by flat row-major index over the logical shape (slow; tests, printing).
  double item(int64_t flat_index = 0) const;

 private:
  std::shared_ptr<Storage> storage_;
  DType dtype_ = DType::f32;
  Shape shape_;
  Strides strides_;
  int64_t offset_ = 0;
  uint64_t uid_ = 0;
  bool trainable_ = false;
};

// Copies src (any layout) into dst (same shape and dtype, any layout).
void copy_into(const Tensor& src, const Tensor& dst);
// Element-type conversion into a new contiguous tensor.
Tensor cast_to(const Tensor& src, DType to);

template <class T> Tensor Tensor::scalar(T value) {
  Tensor t = empty(dtype_of<T>(), {});
  *t.data<T>() = value;
  return t;
}

}  // namespace tensorpad
