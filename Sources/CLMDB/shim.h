#ifndef FANMESH_CLMDB_SHIM_H
#define FANMESH_CLMDB_SHIM_H
#include <lmdb.h>
#endif
