#pragma once
// Robust estimators of one detrending window (internal to src/lightcurve).

#include <vector>

namespace exodetect::lightcurve {

// Biweight location of sorted values: start at the median, scale by the MAD about it (fixed,
// as wotan), iterate the weighted mean to convergence.
double biweight_location(const std::vector<double>& sorted, double c);

// Value at x = 0 of a quadratic in x fitted to (x, y), x ascending, with Tukey biweight weights:
// a first fit weighted by the biweight about the median, refitted with the weights its residuals
// get at the scale of the noise (neighbours' differences), sets the scale (the MAD of its
// residuals); then the weighted fit is iterated to convergence as in biweight_location. Fewer than
// six points, or a degenerate fit: the biweight location. `scratch` is working space.
double robust_quadratic(const std::vector<double>& x, const std::vector<double>& y, double c,
                        std::vector<double>& scratch);

}  // namespace exodetect::lightcurve
