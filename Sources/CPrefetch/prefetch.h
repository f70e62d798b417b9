// A software prefetch for writing, which Swift has no word for. Static inline, so that the
// Swift code that calls it compiles the one instruction in place, with no call around it: a C
// function called for the same prefetch cost about what the prefetch saved (bench/RESULTS.md,
// session 20).
#ifndef ESPRIT_PREFETCH_H
#define ESPRIT_PREFETCH_H

/// Asks for the cache line that holds `address`, in the state for writing, without waiting
/// for it. `prefetchw` itself on x86-64: `__builtin_prefetch` emits it only for targets built
/// with PRFCHW, and a plain prefetch would leave the store to ask for ownership again.
static inline void esprit_prefetch_for_write(const void *address) {
#if defined(__x86_64__)
    __asm__ volatile("prefetchw %0" : : "m"(*(const char *)address));
#else
    __builtin_prefetch(address, 1, 3);
#endif
}

#endif
