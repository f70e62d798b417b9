// Debian's libzstd-dev: the compressor of Esprit's snapshots.
#include <zstd.h>
