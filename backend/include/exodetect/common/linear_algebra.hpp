#pragma once

namespace exodetect::common {

// Lower Cholesky factor of the symmetric n x n matrix `a` (row-major; only its lower triangle is
// read), in place, with the upper triangle zeroed. False when `a` is not positive definite (or
// not finite); `a` is then partly overwritten.
bool cholesky_lower(double* a, int n);

}  // namespace exodetect::common
