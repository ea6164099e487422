// Dims (the inline small vector behind Shape and Strides) behaves like std::vector<int64_t>,
// inline and after spilling to the heap.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "../../core/dims.h"

namespace tensorpad {
namespace {

std::vector<int64_t> as_vector(const Dims& d) { return {d.begin(), d.end()}; }

TEST(Dims, RandomEditsMatchStdVector) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    Dims d;
    std::vector<int64_t> v;
    for (int step = 0; step < 60; ++step) {
      const int64_t x = static_cast<int64_t>(rng() % 1000) - 500;
      const size_t at = v.empty() ? 0 : rng() % (v.size() + 1);
      switch (rng() % 7) {
        case 0: d.push_back(x), v.push_back(x); break;
        case 1: if (!v.empty()) d.pop_back(), v.pop_back(); break;
        case 2: d.insert(d.begin() + at, x), v.insert(v.begin() + at, x); break;
        case 3: {
          // Inserting a range taken from the vector itself.
          const size_t n = std::min<size_t>(v.size(), 3);
          std::vector<int64_t> items(v.begin(), v.begin() + n);
          d.insert(d.begin() + at, d.begin(), d.begin() + n);
          v.insert(v.begin() + at, items.begin(), items.end());
          break;
        }
        case 4: if (at < v.size()) d.erase(d.begin() + at), v.erase(v.begin() + at); break;
        case 5: { const size_t n = rng() % 14; d.resize(n, x), v.resize(n, x); break; }
        case 6: { Dims copy = d; Dims moved = std::move(copy); d = moved; break; }
      }
      ASSERT_EQ(as_vector(d), v) << "round " << round << " step " << step;
      ASSERT_EQ(d.size(), v.size());
    }
  }
}

TEST(Dims, SpillsPastTheInlineCapacityAndConverts) {
  std::vector<int64_t> long_list(3 * Dims::kInline);
  for (size_t i = 0; i < long_list.size(); ++i) long_list[i] = static_cast<int64_t>(i * i);
  Dims d = long_list;
  EXPECT_EQ(as_vector(d), long_list);
  Dims moved = std::move(d);
  EXPECT_EQ(as_vector(moved), long_list);
  EXPECT_TRUE(d.empty());
  std::vector<int64_t> back = moved;
  EXPECT_EQ(back, long_list);
  EXPECT_TRUE(moved == long_list);
  EXPECT_FALSE(Dims({1, 2}) == Dims({1, 2, 3}));
  EXPECT_TRUE(Dims({1, 2}) < Dims({1, 3}));
}

}  // namespace
}  // namespace tensorpad
