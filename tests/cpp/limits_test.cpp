// Allocation limits and the host's word buffer: refusals happen before anything is allocated or
// written, name the op, and leave the books as they were.
#include <gtest/gtest.h>

#include <string>

#include "error.h"
#include "host.h"
#include "ops/api.h"
#include "ops/op.h"

namespace tensorpad {
namespace {

// Restores the engine's memory limit when a test ends.
struct LimitScope {
  int64_t saved = memory_limit();
  explicit LimitScope(int64_t bytes) { set_memory_limit(bytes); }
  ~LimitScope() { set_memory_limit(saved); }
};

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Limits, RefusesPastTheLimitNamingTheOpBeforeAllocating) {
  LimitScope limit(int64_t{1} << 20);
  Tensor kept = ops::fill({4}, 2.5, DType::f32);
  MemoryStats before = memory_stats();
  std::string msg = error_of([] { ops::fill({1000, 1000}, 1.0, DType::f32); });
  EXPECT_EQ(msg.rfind("fill: [1000,1000] float32 needs 4 MB; the engine can hold at most 1.05 MB (", 0), 0u)
      << msg;
  EXPECT_EQ(memory_stats().live_bytes, before.live_bytes);
  EXPECT_EQ(memory_stats().live_buffers, before.live_buffers);
  EXPECT_EQ(kept.item(3), 2.5);
}

TEST(Limits, SizesAreComputedIn64BitsWithoutWrapping) {
  // wasm32's limit. 2^30 + 1 floats wrap a 32-bit byte count to 4 bytes; 2^62 elements
  // overflow int64 bytes.
  LimitScope limit(int64_t{1} << 32);
  std::string a = error_of([] { ops::fill({(int64_t{1} << 30) + 1}, 7.0, DType::f32); });
  EXPECT_NE(a.find("needs 4.29 GB"), std::string::npos) << a;
  std::string b = error_of([] { ops::fill({int64_t{1} << 31, int64_t{1} << 31}, 0.0, DType::f64); });
  EXPECT_NE(b.find("needs 3.69e+07 TB"), std::string::npos) << b;
}

TEST(Limits, TheLimitCountsWhatIsInUse) {
  Tensor big = ops::fill({1 << 18}, 1.0, DType::f32);  // 1 MiB
  LimitScope limit(memory_stats().live_bytes + (int64_t{1} << 19));
  EXPECT_NO_THROW(ops::fill({1 << 16}, 1.0, DType::f32));
  EXPECT_THROW(ops::fill({1 << 18}, 1.0, DType::f32), Error);
}

TEST(Limits, ReusedSmallBuffersCountAsFreeAndComeBackAligned) {
  // Small buffers freed go to a bounded pool and come back for the next tensors of their size
  // (not in sanitizer builds): the books count only live ones, and every buffer is aligned and
  // holds what its new tensor was given.
  const MemoryStats before = memory_stats();
  for (int round = 0; round < 3; ++round) {
    Tensors ts;
    for (int i = 1; i <= 40; ++i) ts.push_back(ops::fill({i}, static_cast<double>(round * 100 + i), DType::f32));
    EXPECT_EQ(memory_stats().live_buffers, before.live_buffers + 40);
    for (int i = 1; i <= 40; ++i) {
      EXPECT_EQ(reinterpret_cast<uintptr_t>(ts[i - 1].raw()) % 64, 0u);
      EXPECT_EQ(ts[i - 1].item(i - 1), round * 100 + i);
    }
  }
  EXPECT_EQ(memory_stats().live_bytes, before.live_bytes);
  EXPECT_EQ(memory_stats().live_buffers, before.live_buffers);
}

TEST(Host, RefusesMoreInputsThanTheWordBufferHolds) {
  Host host;
  EXPECT_THROW(host.call(static_cast<int>(OpId::concat), Host::kWords), Error);
  EXPECT_THROW(host.call(static_cast<int>(OpId::concat), -1), Error);
}

TEST(Host, TooManyOutputsLeakNoHandle) {
  Host host;
  host.words()[0] = 1 << 15;  // the shape of a 1-D tensor
  int32_t x = host.alloc(static_cast<int>(DType::f32), 1);
  int64_t live = host.handles().live();
  // split into 2^15 parts: 4 words each would overflow the buffer.
  host.words()[0] = x;
  host.words()[1] = 1;  // numOrSizeSplits: one entry
  host.words()[2] = 1 << 15;
  host.words()[3] = 0;  // axis
  std::string msg = error_of([&] { host.call(static_cast<int>(OpId::split), 1); });
  EXPECT_NE(msg.find("split: 32768 outputs exceed"), std::string::npos) << msg;
  EXPECT_EQ(host.handles().live(), live);
}

}  // namespace
}  // namespace tensorpad
