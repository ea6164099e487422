#pragma once
// Text building for messages, cache keys and JSON. Not std::ostringstream: iostreams link the
// whole locale machinery (money, time, wide-char facets), about a sixth of the WASM engine.
// Numbers print as iostreams would: integers in full, doubles as "%g" at the chosen precision.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <type_traits>

namespace tensorpad {

class Str {
 public:
  Str& operator<<(std::string_view s) {
    out_.append(s.data(), s.size());
    return *this;
  }
  Str& operator<<(const char* s) { return *this << std::string_view(s); }
  Str& operator<<(const std::string& s) { return *this << std::string_view(s); }
  Str& operator<<(char c) {
    out_.push_back(c);
    return *this;
  }
  Str& operator<<(bool b) { return *this << (b ? '1' : '0'); }
  Str& operator<<(const void* p) { return put("%p", p); }
  template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> &&
                                          !std::is_same_v<T, char>, int> = 0>
  Str& operator<<(T v) {
    if constexpr (std::is_signed_v<T>) return put("%lld", static_cast<long long>(v));
    else return put("%llu", static_cast<unsigned long long>(v));
  }
  template <class T, std::enable_if_t<std::is_floating_point_v<T>, int> = 0>
  Str& operator<<(T v) {
    return put("%.*g", precision_, static_cast<double>(v));
  }

  /// Significant digits of the doubles written after this (iostreams' precision; 6 by default).
  void precision(int digits) { precision_ = digits; }
  const std::string& str() const { return out_; }

 private:
  template <class... A>
  Str& put(const char* format, A... args) {
    char buf[40];
    const int n = std::snprintf(buf, sizeof buf, format, args...);
    out_.append(buf, n > 0 ? static_cast<size_t>(n) : 0);
    return *this;
  }

  std::string out_;
  int precision_ = 6;
};

}  // namespace tensorpad
