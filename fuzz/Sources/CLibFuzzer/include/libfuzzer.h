#ifndef ESPRIT_LIBFUZZER_H
#define ESPRIT_LIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, linked by -sanitize=fuzzer). SwiftPM names the executable's
/// entry point itself, which keeps libFuzzer's own main out, so esprit-fuzz calls the driver.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
