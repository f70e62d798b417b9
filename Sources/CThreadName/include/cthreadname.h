#ifndef ESPRIT_CTHREADNAME_H
#define ESPRIT_CTHREADNAME_H

#include <stddef.h>

/// Names the calling thread for the kernel, cut to its first 15 bytes: what `top -H`, perf and
/// /proc show. Swift's Glibc module leaves `pthread_setname_np` out (it needs _GNU_SOURCE), and
/// Foundation's `Thread.name` setter does not always reach the kernel.
void esprit_set_thread_name(const char *name);

/// Copies the calling thread's kernel name into `name` (`capacity` bytes, 16 holds any).
void esprit_thread_name(char *name, size_t capacity);

#endif
