#define _GNU_SOURCE
#include <pthread.h>
#include "cthreadname.h"

void esprit_set_thread_name(const char *name) {
    pthread_setname_np(pthread_self(), name);
}

void esprit_thread_name(char *name, size_t capacity) {
    if (pthread_getname_np(pthread_self(), name, capacity) != 0 && capacity > 0) {
        name[0] = 0;
    }
}
