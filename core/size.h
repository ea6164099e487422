#pragma once
// TP_MINSIZE compiles one function as -Oz would (clang's minsize), for code that runs once or on no
// hot path inside a file that otherwise stays -O3. It covers that function's own body only: inlined
// into a caller, the code is compiled as the caller is (add [[gnu::noinline]]), and callees it does
// not inline keep their own level. GCC (the native tests) has no per-function equivalent.
#if defined(__clang__)
#define TP_MINSIZE [[clang::minsize]]
#else
#define TP_MINSIZE
#endif
