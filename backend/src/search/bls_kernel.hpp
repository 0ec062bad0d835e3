#pragma once
// Internals of the BLS search shared by the kernels in src/search (not a public header).

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "exodetect/search/bls.hpp"

namespace exodetect::search {

// Weighted, centred light curve: y has zero weighted mean, so the out-of-transit sum is minus
// the in-transit sum and the likelihood power needs only in-transit sums.
struct BlsData {
  std::vector<double> t;   // days since t_ref
  std::vector<double> wy;  // weight * (flux - weighted mean)
  std::vector<double> w;   // weight = 1 / flux_err^2 (1 when no errors)
  double t_ref = 0;        // first time stamp (input time system)
  double span = 0;         // days
  double sum_w = 0;
};

struct BoxGrid {
  std::vector<double> durations_days;
  std::vector<int> duration_steps;  // each duration in phase steps
  double step_days = 0;             // phase step: shortest duration / kPhaseStepsPerDuration
  int max_steps = 0;
  // With a prior, a period tests only the durations within one kDurationGridRatio step of its
  // transit_duration_range; without, every duration up to kMaxDutyCycle of the period.
  std::optional<DurationPrior> prior;
};

// Best box at one period: start and width in phase steps, in-transit weighted sums.
struct BoxFit {
  double power = 0;
  int start = -1;  // -1: no box with points in and out of transit and positive depth
  int width = 0;
  double sum_wy = 0;
  double sum_w = 0;
};

struct FoldScratch {
  std::vector<double> y, w;    // phase profile
  std::vector<double> cy, cw;  // its wrapped cumulative sums
};

BlsData prepare_bls_data(const std::vector<double>& time_days, const std::vector<double>& flux,
                         const std::vector<double>& flux_err);

// Durations rounded to whole phase steps of `step_days` (<= 0: the exact kernel's step, the
// shortest duration / kPhaseStepsPerDuration).
BoxGrid make_box_grid(const std::vector<double>& periods_days,
                      const std::vector<double>& durations_hours, double step_days = 0);

// Fast-folding search (ffa.cpp): results for every period written into `out` (pre-sized).
void ffa_search(const BlsData& data, const BoxGrid& grid, const std::vector<double>& periods_days,
                unsigned threads, const std::function<void(size_t done)>& on_done,
                Periodogram& out);

// Wrapped cumulative sums of a phase profile of n_bins steps (values y[k * stride],
// w[k * stride]) into scratch.cy, scratch.cw, padded by `pad` steps past the end.
template <typename T>
void prefix_sums(const T* y, const T* w, size_t stride, int n_bins, int pad, FoldScratch& s) {
  pad = pad < n_bins ? pad : n_bins;
  s.cy.resize(n_bins + pad + 1);
  s.cw.resize(n_bins + pad + 1);
  double sy = 0, sw = 0;
  s.cy[0] = 0;
  s.cw[0] = 0;
  for (int k = 0; k < n_bins + pad; ++k) {
    const size_t j = static_cast<size_t>(k < n_bins ? k : k - n_bins) * stride;
    sy += static_cast<double>(y[j]);
    sw += static_cast<double>(w[j]);
    s.cy[k + 1] = sy;
    s.cw[k + 1] = sw;
  }
}

// Best box on a phase profile of n_bins steps whose prefix sums are in scratch.cy, scratch.cw.
BoxFit fit_profile(const BoxGrid& grid, double period_days, int n_bins, double total_w,
                   const FoldScratch& scratch);

// Folds every point at `period_days` onto the phase grid and fits the best box.
BoxFit fold_and_fit(const BlsData& data, const BoxGrid& grid, double period_days,
                    FoldScratch& scratch);

void store_fit(const BlsData& data, const BoxGrid& grid, double period_days, const BoxFit& fit,
               size_t index, Periodogram& out);

}  // namespace exodetect::search
