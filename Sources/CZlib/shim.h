// Debian's zlib (zlib1g-dev): raw deflate streams of ZIP members (.npz written by np.savez_compressed).
#include <zlib.h>
