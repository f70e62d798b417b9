// Debian's liblmdb-dev: the LMDB key-value store that holds Esprit's checkpoints.
#include <lmdb.h>
