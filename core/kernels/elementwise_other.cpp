// The int32 and uint8 instantiations of elementwise.cpp: a translation unit of their own
// so that the engine can compile them for size while float32 stays fast (CMakeLists.txt, "Size").
#define TENSORPAD_KERNELS_OTHER_TYPES 1
#include "elementwise.cpp"
