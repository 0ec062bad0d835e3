// Affine-invariant ensemble sampler and its convergence diagnostics.

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <thread>

#include "exodetect/common/constants.hpp"
#include "exodetect/common/linear_algebra.hpp"
#include "exodetect/common/random.hpp"
#include "exodetect/common/thread_pool.hpp"
#include "exodetect/fit/ensemble_sampler.hpp"

namespace exodetect::fit {

using common::kPi;
using common::parallel_for;
using common::resolve_threads;
using common::splitmix64;

namespace {

// Sokal's window: the autocorrelation sum stops at the first lag M >= kAutocorrWindow * tau.
constexpr double kAutocorrWindow = 5.0;
// Share of the affine-invariant moves that are differential-evolution moves (the rest are
// stretch moves), and the stretch moves' scale (Goodman & Weare's a).
constexpr double kDifferentialFraction = 0.8;
constexpr double kStretchScale = 2.0;
// The independence moves' t: heavier tails than the posterior's (so the proposal covers it
// where the fitted covariance is too narrow), its scale matrix the history's covariance.
constexpr int kProposalDof = 5;
// Kept steps of history before the t is fitted (each step adds a group's walkers).
constexpr size_t kMinProposalSteps = 100;

// Uniform on [0, 1) with 53 random bits.
double uniform01(uint64_t& state) {
  return static_cast<double>(splitmix64(state) >> 11) * (1.0 / 9007199254740992.0);
}

// Standard normal (Box-Muller; one of the pair is dropped so that a walker's stream holds no
// state beyond its seed).
double normal01(uint64_t& state) {
  const double r = std::sqrt(-2 * std::log(1 - uniform01(state)));
  return r * std::cos(2 * kPi * uniform01(state));
}

// In-place radix-2 FFT on separate real and imaginary arrays (std::complex's multiply checks
// for infinities in a library call on every product).
void fft(std::vector<double>& re, std::vector<double>& im, bool inverse) {
  const size_t n = re.size();
  for (size_t i = 1, j = 0; i < n; ++i) {
    size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      std::swap(re[i], re[j]);
      std::swap(im[i], im[j]);
    }
  }
  for (size_t len = 2; len <= n; len <<= 1) {
    const double ang = 2 * kPi / static_cast<double>(len) * (inverse ? 1 : -1);
    const double wr0 = std::cos(ang), wi0 = std::sin(ang);
    for (size_t i = 0; i < n; i += len) {
      double wr = 1, wi = 0;
      for (size_t j = 0; j < len / 2; ++j) {
        const size_t a = i + j, b = a + len / 2;
        const double vr = re[b] * wr - im[b] * wi, vi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - vr;
        im[b] = im[a] - vi;
        re[a] += vr;
        im[a] += vi;
        const double t = wr * wr0 - wi * wi0;
        wi = wr * wi0 + wi * wr0;
        wr = t;
      }
    }
  }
}

}  // namespace

EnsembleSampler::EnsembleSampler(LogProbFn log_prob, int n_params, uint64_t seed, int threads,
                                 int groups, double independent)
    : log_prob_(std::move(log_prob)),
      n_params_(n_params),
      seed_(seed),
      threads_(static_cast<int>(resolve_threads(threads))),
      groups_(std::max(1, groups)),
      independent_(std::clamp(independent, 0.0, 1.0)),
      proposals_(groups_) {}

void EnsembleSampler::start(const std::vector<std::vector<double>>& initial) {
  const int n_walkers = static_cast<int>(initial.size());
  if (n_walkers % (2 * groups_) != 0 || n_walkers / groups_ < 2 * n_params_) {
    throw std::invalid_argument(
        "ensemble sampler: each group needs an even number of walkers >= 2 n_params");
  }
  chain_ = EnsembleChain{};
  chain_.n_walkers = n_walkers;
  chain_.n_params = n_params_;
  current_.assign(static_cast<size_t>(n_walkers) * n_params_, 0.0);
  current_lp_.assign(n_walkers, 0.0);
  rng_state_.assign(n_walkers, 0);
  proposals_.assign(groups_, Proposal{});
  for (int w = 0; w < n_walkers; ++w) {
    if (static_cast<int>(initial[w].size()) != n_params_) {
      throw std::invalid_argument("ensemble sampler: a walker has the wrong number of parameters");
    }
    std::copy(initial[w].begin(), initial[w].end(), current_.begin() + w * n_params_);
    current_lp_[w] = log_prob_(initial[w].data());
    if (!std::isfinite(current_lp_[w])) {
      throw std::invalid_argument("ensemble sampler: a walker starts outside the prior");
    }
    uint64_t s = seed_ ^ (0xD1B54A32D192ED03ULL * static_cast<uint64_t>(w + 1));
    rng_state_[w] = splitmix64(s);
  }
}

void EnsembleSampler::Proposal::fit(const EnsembleChain& chain, size_t first, size_t last,
                                    int first_walker, int last_walker) {
  const int np = chain.n_params;
  mean.assign(np, 0.0);
  chol.assign(static_cast<size_t>(np) * np, 0.0);  // the covariance's lower triangle first
  const double count = static_cast<double>((last - first) * (last_walker - first_walker));
  for (size_t s = first; s < last; ++s) {
    for (int w = first_walker; w < last_walker; ++w) {
      for (int p = 0; p < np; ++p) mean[p] += chain.at(s, w, p) / count;
    }
  }
  std::vector<double> d(np);
  for (size_t s = first; s < last; ++s) {
    for (int w = first_walker; w < last_walker; ++w) {
      for (int p = 0; p < np; ++p) d[p] = chain.at(s, w, p) - mean[p];
      for (int i = 0; i < np; ++i) {
        for (int j = 0; j <= i; ++j) chol[i * np + j] += d[i] * d[j] / count;
      }
    }
  }
  ready = common::cholesky_lower(chol.data(), np);
}

double EnsembleSampler::Proposal::draw(const double* current, uint64_t& rng, double* x,
                                       double* scratch) const {
  // x = mean + L z / sqrt(chi2 / dof); log q(x) = -(dof + n) / 2 log(1 + Q(x) / dof),
  // Q(x) = |L^-1 (x - mean)|^2 (the normalisation cancels in the ratio).
  const int np = static_cast<int>(mean.size());
  double chi2 = 0, q_new = 0;
  for (int i = 0; i < kProposalDof; ++i) {
    const double v = normal01(rng);
    chi2 += v * v;
  }
  for (int p = 0; p < np; ++p) {
    x[p] = normal01(rng);  // z first, overwritten by x from the last row up
    q_new += x[p] * x[p];
  }
  const double scale = std::sqrt(kProposalDof / chi2);
  q_new *= scale * scale;
  for (int i = np - 1; i >= 0; --i) {
    double v = 0;
    for (int j = 0; j <= i; ++j) v += chol[i * np + j] * x[j];
    x[i] = mean[i] + scale * v;
  }
  double q_old = 0;
  for (int i = 0; i < np; ++i) {
    double v = current[i] - mean[i];
    for (int j = 0; j < i; ++j) v -= chol[i * np + j] * scratch[j];
    scratch[i] = v / chol[i * np + i];
    q_old += scratch[i] * scratch[i];
  }
  return 0.5 * (kProposalDof + np) *
         (std::log1p(q_new / kProposalDof) - std::log1p(q_old / kProposalDof));
}

void EnsembleSampler::fit_proposals() {
  const int group_size = chain_.n_walkers / groups_;
  const size_t last = chain_.steps(), first = last / 3;
  for (int g = 0; g < groups_; ++g) {
    Proposal& prop = proposals_[g];
    prop.ready = false;
    if (independent_ <= 0 || last - first < kMinProposalSteps) continue;
    prop.fit(chain_, first, last, g * group_size, (g + 1) * group_size);
  }
}

void EnsembleSampler::run(int steps) {
  const int nw = chain_.n_walkers, np = n_params_;
  if (nw == 0 || steps <= 0) return;
  fit_proposals();
  const size_t first_step = chain_.steps();
  chain_.positions.resize((first_step + steps) * nw * np);
  chain_.log_prob.resize((first_step + steps) * nw);
  const int group_size = nw / groups_, half = group_size / 2;
  std::atomic<size_t> accepted{0};

  // One walker's move against walkers of the other half of its group: mostly differential
  // evolution (along the difference of two of them, scaled by 2.38 / sqrt(2 n)), which mixes
  // faster than the stretch move in nine dimensions; sometimes the stretch move, whose
  // variable scale keeps the ensemble from collapsing onto a line.
  // Now and then an independence move from the group's fitted t, which jumps anywhere in the
  // posterior at once: where the posterior is curved or bounded the affine moves' steps are
  // short and their autocorrelation times long.
  const double de_gamma = 2.38 / std::sqrt(2.0 * np);
  auto move = [&](int w, int other_start, std::vector<double>& proposal, std::vector<double>& y) {
    uint64_t& rng = rng_state_[w];
    auto pick = [&] {
      return other_start + std::min(half - 1, static_cast<int>(uniform01(rng) * half));
    };
    const double* xk = &current_[w * np];
    double log_factor = 0;
    const Proposal& prop = proposals_[w / group_size];
    if (prop.ready && uniform01(rng) < independent_) {
      log_factor = prop.draw(xk, rng, proposal.data(), y.data());
    } else if (uniform01(rng) < kDifferentialFraction) {
      const int i = pick();
      int j = pick();
      while (j == i) j = pick();
      // The scale varies a little so that the chain is aperiodic.
      const double gamma = de_gamma * (1 + 0.1 * (uniform01(rng) - 0.5));
      for (int p = 0; p < np; ++p) {
        proposal[p] = xk[p] + gamma * (current_[i * np + p] - current_[j * np + p]);
      }
    } else {
      const int j = pick();
      const double u = uniform01(rng);
      const double zz =
          ((kStretchScale - 1) * u + 1) * ((kStretchScale - 1) * u + 1) / kStretchScale;
      const double* xj = &current_[j * np];
      for (int p = 0; p < np; ++p) proposal[p] = xj[p] + zz * (xk[p] - xj[p]);
      log_factor = (np - 1) * std::log(zz);
    }
    const double lp = log_prob_(proposal.data());
    const double log_accept = log_factor + lp - current_lp_[w];
    if (std::isfinite(lp) && std::log(uniform01(rng)) < log_accept) {
      std::copy(proposal.begin(), proposal.end(), current_.begin() + w * np);
      current_lp_[w] = lp;
      accepted.fetch_add(1, std::memory_order_relaxed);
    }
  };

  auto run_group = [&](int g) {
    std::vector<double> proposal(np), scratch(np);
    const int first = g * group_size;
    for (int s = 0; s < steps; ++s) {
      for (int h = 0; h < 2; ++h) {
        const int start = first + h * half, other = first + (1 - h) * half;
        for (int i = 0; i < half; ++i) move(start + i, other, proposal, scratch);
      }
      const size_t step = first_step + s;
      for (int w = first; w < first + group_size; ++w) {
        std::copy(current_.begin() + w * np, current_.begin() + (w + 1) * np,
                  chain_.positions.begin() + (step * nw + w) * np);
        chain_.log_prob[step * nw + w] = current_lp_[w];
      }
    }
  };
  const int n_threads = std::max(1, std::min(threads_, groups_));
  auto work = [&](int tid) {
    for (int g = tid; g < groups_; g += n_threads) run_group(g);
  };
  if (n_threads == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (int t = 1; t < n_threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& t : pool) t.join();
  }
  chain_.accepted += accepted.load();
  chain_.proposed += static_cast<size_t>(steps) * nw;
}

std::vector<double> integrated_autocorr_time(const EnsembleChain& chain, size_t first, size_t last,
                                             int threads) {
  const int nw = chain.n_walkers, np = chain.n_params;
  std::vector<double> tau(np, std::numeric_limits<double>::infinity());
  if (last <= first + 2 || nw == 0) return tau;
  const size_t n = last - first;
  size_t size = 1;
  while (size < 2 * n) size <<= 1;
  parallel_for(np, 1, resolve_threads(threads), [&](size_t begin, size_t end) {
    std::vector<double> re(size), im(size), power(size), spec_a(size), spec_b(size);
    for (int p = static_cast<int>(begin); p < static_cast<int>(end); ++p) {
      // Each walker's normalised autocorrelation, averaged: its power spectrum divided by its
      // total power (the lag-0 value, by Parseval), summed over walkers, transformed back once.
      std::fill(power.begin(), power.end(), 0.0);
      int moving = 0;
      // Two walkers per transform: one as the real part, the next as the imaginary part; their
      // spectra separate by the symmetry of a real sequence's transform.
      auto load = [&](int w, std::vector<double>& out) {
        std::fill(out.begin(), out.end(), 0.0);
        if (w >= nw) return;
        double mean = 0;
        for (size_t s = first; s < last; ++s) mean += chain.at(s, w, p);
        mean /= static_cast<double>(n);
        for (size_t s = 0; s < n; ++s) out[s] = chain.at(first + s, w, p) - mean;
      };
      auto add = [&](const std::vector<double>& spectrum, double total) {
        if (total <= 0) return;  // a walker that never moved adds nothing
        ++moving;
        for (size_t k = 0; k < size; ++k) power[k] += spectrum[k] / total;
      };
      for (int w = 0; w < nw; w += 2) {
        load(w, re);
        load(w + 1, im);
        fft(re, im, false);
        double total_a = 0, total_b = 0;
        for (size_t k = 0; k < size; ++k) {
          const size_t r = (size - k) & (size - 1);
          const double a = re[k] + re[r], b = im[k] - im[r];
          const double c = im[k] + im[r], d = re[k] - re[r];
          spec_a[k] = 0.25 * (a * a + b * b);
          spec_b[k] = 0.25 * (c * c + d * d);
          total_a += spec_a[k];
          total_b += spec_b[k];
        }
        add(spec_a, total_a);
        if (w + 1 < nw) add(spec_b, total_b);
      }
      if (moving == 0) continue;  // no walker moved: tau stays infinite
      re = power;
      std::fill(im.begin(), im.end(), 0.0);
      fft(re, im, true);
      std::vector<double> acf(n);
      for (size_t t = 0; t < n; ++t) acf[t] = re[t];
      if (!(acf[0] > 0)) continue;
      double sum = 1.0;
      for (size_t m = 1; m < n; ++m) {
        sum += 2 * acf[m] / acf[0];
        if (static_cast<double>(m) >= kAutocorrWindow * sum) {
          tau[p] = std::max(1.0, sum);
          break;
        }
      }
    }
  });
  return tau;
}

std::vector<double> split_rhat(const EnsembleChain& chain, size_t first, size_t last) {
  const int nw = chain.n_walkers, np = chain.n_params;
  std::vector<double> rhat(np, std::numeric_limits<double>::infinity());
  const size_t n = (last - first) / 2;
  if (last <= first || n < 2 || nw == 0) return rhat;
  for (int p = 0; p < np; ++p) {
    std::vector<double> means, vars;
    for (int w = 0; w < nw; ++w) {
      for (int part = 0; part < 2; ++part) {
        const size_t s0 = first + part * n;
        double mean = 0, m2 = 0;
        for (size_t s = s0; s < s0 + n; ++s) mean += chain.at(s, w, p);
        mean /= static_cast<double>(n);
        for (size_t s = s0; s < s0 + n; ++s) {
          const double d = chain.at(s, w, p) - mean;
          m2 += d * d;
        }
        means.push_back(mean);
        vars.push_back(m2 / static_cast<double>(n - 1));
      }
    }
    const double m = static_cast<double>(means.size());
    double grand = 0, within = 0;
    for (size_t c = 0; c < means.size(); ++c) {
      grand += means[c] / m;
      within += vars[c] / m;
    }
    double between = 0;  // B / n
    for (double mu : means) between += (mu - grand) * (mu - grand) / (m - 1);
    if (within <= 0) continue;
    const double dn = static_cast<double>(n);
    rhat[p] = std::sqrt(((dn - 1) / dn * within + between) / within);
  }
  return rhat;
}

}  // namespace exodetect::fit
