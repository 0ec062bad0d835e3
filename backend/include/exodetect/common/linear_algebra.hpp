#pragma once

namespace exodetect::common {

// Lower Cholesky factor of the symmetric n x n matrix `a` (row-major; only its lower triangle is
// read), in place, with the upper triangle zeroed. False when `a` is not positive definite (or
// not finite); `a` is then partly overwritten.
bool cholesky_lower(double* a, int n);

// Solves l l^T x = b for x, l the n x n lower factor (row-major) from cholesky_lower; `b`
// becomes x. Forward then back substitution.
void cholesky_solve(const double* l, double* b, int n);

// Solves the normal equations a x = b of a least-squares fit, a symmetric positive definite n x n
// (row-major, lower triangle read) by its Cholesky factor, into `b`; `a` becomes the factor. False
// when a is not positive definite or nearly singular: a pivot below 1e-12 of its diagonal
// element (a combination of the basis functions the data cannot tell apart).
bool solve_normal_equations(double* a, double* b, int n);

}  // namespace exodetect::common
