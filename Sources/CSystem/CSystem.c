#include "CSystem.h"

#include <stdlib.h>  // defines __GLIBC__ on glibc systems

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int csystem_keep_freed_memory(void) {
#if defined(__GLIBC__)
  int applied = mallopt(M_MMAP_THRESHOLD, 32 << 20);
  applied &= mallopt(M_TRIM_THRESHOLD, 0x7fffffff);
  applied &= mallopt(M_TOP_PAD, 256 << 20);
  return applied;
#else
  return 0;
#endif
}
