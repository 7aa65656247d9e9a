// Interfaces only; this file anchors the library.
#include "store/store.h"
