#define _GNU_SOURCE
#include <pthread.h>
#include <string.h>
#include "cthreadname.h"

void esprit_set_thread_name(const char *name) {
    // The kernel keeps 15 bytes and a terminator; glibc refuses a longer name outright (ERANGE)
    // and leaves the old one, so the name is cut here instead.
    char kept[16];
    strncpy(kept, name, sizeof kept - 1);
    kept[sizeof kept - 1] = 0;
    pthread_setname_np(pthread_self(), kept);
}

void esprit_thread_name(char *name, size_t capacity) {
    if (pthread_getname_np(pthread_self(), name, capacity) != 0 && capacity > 0) {
        name[0] = 0;
    }
}
