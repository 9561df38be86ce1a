#ifndef CSYSTEM_H
#define CSYSTEM_H

/// Makes glibc's allocator keep freed memory in the process: no mmap below 32 MiB, no heap trimming,
/// a 256 MiB top pad. Returns 1 when applied, 0 on other C libraries.
int csystem_keep_freed_memory(void);

#endif
