#pragma once
// The one exception type the core throws. Messages start with the op name and give the shapes,
// e.g. "matMul: inner dimensions 3 and 4 do not match for shapes [2,3] and [4,5]".
#include <stdexcept>
#include <string>

#include "str.h"

namespace tensorpad {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
inline void append(Str&) {}
template <class T, class... R> void append(Str& os, const T& v, const R&... rest) {
  os << v;
  append(os, rest...);
}
}  // namespace detail

// fail("matMul", ": inner dimensions ", a, " and ", b) throws Error("matMul: inner dimensions ...").
template <class... A> [[noreturn]] void fail(const A&... parts) {
  Str os;
  detail::append(os, parts...);
  throw Error(os.str());
}

}  // namespace tensorpad
