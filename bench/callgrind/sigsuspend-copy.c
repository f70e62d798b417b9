// Preloaded into the server under valgrind: sigsuspend with its mask copied to the stack.
// libdispatch's main queue waits in sigsuspend with a mask in read-only memory, and
// valgrind's wrapper of rt_sigsuspend writes into the mask it is given, so the server died of
// SIGSEGV inside valgrind (3.19 and 3.24) before it listened. The copy changes nothing else.
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, sizeof(unsigned long));
}
