// The float32 reductions other than sums (prod, max, min, arg-reductions) of reduce.cpp: a
// translation unit of their own so that the engine can compile them for size while the sums every
// training step runs stay fast (CMakeLists.txt, "Size").
#define TENSORPAD_KERNELS_COLD 1
#include "reduce.cpp"
