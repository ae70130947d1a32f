#ifndef NASWIFT_CBLAS_SHIM_H
#define NASWIFT_CBLAS_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
