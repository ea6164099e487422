#pragma once
// Dims: the vector of int64_t that shapes and strides are made of. Up to kInline entries live
// inside the object, so creating and copying tensors (two Dims each) allocates nothing: small
// graphs run thousands of ops a second, and malloc was a quarter of their time. Longer lists
// (attribute values, never tensor shapes) spill to the heap.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <type_traits>
#include <vector>

namespace tensorpad {

class Dims {
 public:
  using value_type = int64_t;
  using size_type = size_t;
  using difference_type = std::ptrdiff_t;
  using reference = int64_t&;
  using const_reference = const int64_t&;
  using pointer = int64_t*;
  using const_pointer = const int64_t*;
  using iterator = int64_t*;
  using const_iterator = const int64_t*;
  using reverse_iterator = std::reverse_iterator<iterator>;
  using const_reverse_iterator = std::reverse_iterator<const_iterator>;
  static constexpr size_t kInline = 8;

  Dims() = default;
  explicit Dims(size_t n, int64_t value = 0) { assign(n, value); }
  Dims(std::initializer_list<int64_t> v) { assign(v.begin(), v.end()); }
  template <class It, class = std::enable_if_t<!std::is_integral_v<It>>>
  Dims(It first, It last) {
    assign(first, last);
  }
  // Attribute lists are std::vector<int64_t>; shapes convert to and from them freely.
  Dims(const std::vector<int64_t>& v) { assign(v.begin(), v.end()); }  // NOLINT(google-explicit-constructor)
  operator std::vector<int64_t>() const { return {begin(), end()}; }   // NOLINT(google-explicit-constructor)

  Dims(const Dims& o) {
    if (o.on_heap()) assign(o.begin(), o.end());
    else copy_inline(o);
  }
  Dims(Dims&& o) noexcept { take(o); }
  Dims& operator=(const Dims& o) {
    if (this == &o) return *this;
    if (o.on_heap() || on_heap()) assign(o.begin(), o.end());
    else copy_inline(o);
    return *this;
  }
  Dims& operator=(Dims&& o) noexcept {
    if (this != &o) {
      release();
      take(o);
    }
    return *this;
  }
  Dims& operator=(std::initializer_list<int64_t> v) {
    assign(v.begin(), v.end());
    return *this;
  }
  ~Dims() { release(); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  int64_t* data() { return ptr_; }
  const int64_t* data() const { return ptr_; }
  iterator begin() { return ptr_; }
  iterator end() { return ptr_ + size_; }
  const_iterator begin() const { return ptr_; }
  const_iterator end() const { return ptr_ + size_; }
  const_iterator cbegin() const { return ptr_; }
  const_iterator cend() const { return ptr_ + size_; }
  reverse_iterator rbegin() { return reverse_iterator(end()); }
  reverse_iterator rend() { return reverse_iterator(begin()); }
  const_reverse_iterator rbegin() const { return const_reverse_iterator(end()); }
  const_reverse_iterator rend() const { return const_reverse_iterator(begin()); }
  int64_t& operator[](size_t i) { return ptr_[i]; }
  const int64_t& operator[](size_t i) const { return ptr_[i]; }
  int64_t& at(size_t i) { return ptr_[i]; }
  const int64_t& at(size_t i) const { return ptr_[i]; }
  int64_t& front() { return ptr_[0]; }
  const int64_t& front() const { return ptr_[0]; }
  int64_t& back() { return ptr_[size_ - 1]; }
  const int64_t& back() const { return ptr_[size_ - 1]; }

  void reserve(size_t n) { grow(n); }
  void clear() { size_ = 0; }
  void push_back(int64_t v) {
    grow(size_ + 1);
    ptr_[size_++] = v;
  }
  void pop_back() { --size_; }
  void resize(size_t n, int64_t value = 0) {
    grow(n);
    for (size_t i = size_; i < n; ++i) ptr_[i] = value;
    size_ = n;
  }
  void assign(size_t n, int64_t value) {
    grow(n);
    std::fill(ptr_, ptr_ + n, value);
    size_ = n;
  }
  template <class It>
  void assign(It first, It last) {
    size_t n = static_cast<size_t>(std::distance(first, last));
    grow(n);
    std::copy(first, last, ptr_);
    size_ = n;
  }
  iterator insert(const_iterator pos, int64_t v) { return insert(pos, &v, &v + 1); }
  iterator insert(const_iterator pos, size_t count, int64_t v) {
    size_t at = pos - ptr_;
    open_gap(at, count);
    std::fill(ptr_ + at, ptr_ + at + count, v);
    return ptr_ + at;
  }
  template <class It, class = std::enable_if_t<!std::is_integral_v<It>>>
  iterator insert(const_iterator pos, It first, It last) {
    // Copy first: the range may point into this object.
    Dims items;
    items.assign(first, last);
    size_t at = pos - ptr_;
    open_gap(at, items.size());
    std::copy(items.begin(), items.end(), ptr_ + at);
    return ptr_ + at;
  }
  iterator insert(const_iterator pos, std::initializer_list<int64_t> v) { return insert(pos, v.begin(), v.end()); }
  iterator erase(const_iterator pos) { return erase(pos, pos + 1); }
  iterator erase(const_iterator first, const_iterator last) {
    size_t a = first - ptr_, b = last - ptr_;
    std::copy(ptr_ + b, ptr_ + size_, ptr_ + a);
    size_ -= b - a;
    return ptr_ + a;
  }

  friend bool operator==(const Dims& a, const Dims& b) {
    return a.size_ == b.size_ && std::equal(a.begin(), a.end(), b.begin());
  }
  friend bool operator!=(const Dims& a, const Dims& b) { return !(a == b); }
  friend bool operator<(const Dims& a, const Dims& b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
  }
  friend bool operator==(const Dims& a, const std::vector<int64_t>& b) {
    return a.size_ == b.size() && std::equal(a.begin(), a.end(), b.begin());
  }
  friend bool operator==(const std::vector<int64_t>& a, const Dims& b) { return b == a; }
  friend bool operator!=(const Dims& a, const std::vector<int64_t>& b) { return !(a == b); }
  friend bool operator!=(const std::vector<int64_t>& a, const Dims& b) { return !(b == a); }

 private:
  bool on_heap() const { return ptr_ != inline_; }
  void release() {
    if (on_heap()) delete[] ptr_;
    ptr_ = inline_;
    cap_ = kInline;
    size_ = 0;
  }
  void take(Dims& o) {
    if (o.on_heap()) {
      ptr_ = o.ptr_;
      cap_ = o.cap_;
      o.ptr_ = o.inline_;
      o.cap_ = kInline;
      size_ = o.size_;
    } else {
      ptr_ = inline_;
      cap_ = kInline;
      copy_inline(o);
    }
    o.size_ = 0;
  }
  // The whole inline array at a fixed size: a few register moves instead of a memcpy call sized
  // at run time (tensors, two Dims each, are copied and moved for every op of a step). Entries
  // past size_ are copied as bytes and never read; zeroing them on construction cost a memset
  // call per tensor in WASM.
  void copy_inline(const Dims& o) {
    std::memcpy(inline_, o.inline_, sizeof inline_);
    size_ = o.size_;
  }
  void grow(size_t n) {
    if (n <= cap_) return;
    size_t cap = std::max(n, cap_ * 2);
    auto* p = new int64_t[cap];
    std::copy(ptr_, ptr_ + size_, p);
    if (on_heap()) delete[] ptr_;
    ptr_ = p;
    cap_ = cap;
  }
  void open_gap(size_t at, size_t count) {
    grow(size_ + count);
    std::copy_backward(ptr_ + at, ptr_ + size_, ptr_ + size_ + count);
    size_ += count;
  }

  int64_t* ptr_ = inline_;
  size_t size_ = 0;
  size_t cap_ = kInline;
  int64_t inline_[kInline];  // copy_inline copies all of it, bytes past size_ unread after
};

}  // namespace tensorpad
