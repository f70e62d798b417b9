// epoll and timerfd, which Swift's Glibc module does not export: the load generator's own
// event loop (bench/Sources/esprit-bench/Load/LoadLoop.swift) polls its sockets with them.
#include <sys/epoll.h>
#include <sys/timerfd.h>
