#ifndef CSYSTEM_H
#define CSYSTEM_H

/// Makes glibc's allocator keep freed memory in the process: no mmap below 32 MiB, no heap trimming,
/// a 256 MiB top pad. Returns 1 when applied, 0 on other C libraries.
int csystem_keep_freed_memory(void);

/// A spin-wait hint (`pause` on x86-64, `yield` on AArch64): a waiting loop then leaves the core's
/// execution resources to a hyper-thread sibling and exits the wait without a memory-order flush.
static inline void csystem_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

#endif
