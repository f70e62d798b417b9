#ifndef ESPRIT_CCRC32C_H
#define ESPRIT_CCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// Whether this CPU computes CRC-32C in hardware (SSE 4.2 on x86-64, the CRC extension on
/// 64-bit ARM); when it does not, `esprit_crc32c_update` must not be called.
int esprit_crc32c_hardware(void);

/// Folds `count` bytes into `crc` (the running register, already inverted by the caller).
uint32_t esprit_crc32c_update(uint32_t crc, const void *bytes, size_t count);

#endif
