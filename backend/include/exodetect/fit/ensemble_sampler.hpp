#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace exodetect::fit {

// Log posterior density of a parameter vector (length n_params); -infinity outside the prior.
// Called from several threads at once.
using LogProbFn = std::function<double(const double* theta)>;

// The walkers' history: position and log probability of every walker at every step.
struct EnsembleChain {
  int n_walkers = 0;
  int n_params = 0;
  std::vector<double> positions;  // [step][walker][param]
  std::vector<double> log_prob;   // [step][walker]
  size_t accepted = 0;
  size_t proposed = 0;

  size_t steps() const { return n_walkers == 0 ? 0 : log_prob.size() / n_walkers; }
  double at(size_t step, int walker, int param) const {
    return positions[(step * n_walkers + walker) * n_params + param];
  }
};

// Goodman & Weare (2010) affine-invariant ensemble sampler: stretch moves and differential-
// evolution moves (ter Braak 2006, also affine invariant), each half of an ensemble updated
// against the other (Foreman-Mackey et al. 2013), and independence moves from a multivariate
// Student t fitted to the ensemble's own history. The walkers form `groups` independent
// ensembles that run on separate threads without meeting until run() returns: a barrier per
// half-step costs more than the moves on a shared machine. Independent ensembles also make
// split R-hat across walkers a real between-chain check. Each walker draws from its own
// random stream seeded from `seed`, so a run is the same for any number of threads.
class EnsembleSampler {
 public:
  // `independent` is the share of moves drawn from the fitted t (Metropolis-Hastings
  // independence moves; none before the history is long enough to fit it).
  EnsembleSampler(LogProbFn log_prob, int n_params, uint64_t seed, int threads, int groups = 2,
                  double independent = 0.0);
  // Starts the walkers at `initial` ([walker][param]: groups x an even number of at least
  // 2 n_params walkers, each with a finite log probability).
  void start(const std::vector<std::vector<double>>& initial);
  // Advances every walker `steps` steps, appending to the chain. The independence moves' t is
  // refitted to each ensemble's kept history (its last two thirds) at the start of each call
  // and fixed during it: within a call every move leaves the posterior invariant, and between
  // calls the fit converges as the history grows (a diminishing adaptation, Roberts &
  // Rosenthal 2007; the other moves keep every region reachable).
  void run(int steps);
  const EnsembleChain& chain() const { return chain_; }

 private:
  LogProbFn log_prob_;
  int n_params_;
  // A multivariate t: its mean and the Cholesky factor of its scale matrix (lower, row-major).
  struct Proposal {
    bool ready = false;
    std::vector<double> mean, chol;
    // Fits the mean and scale to walkers [first_walker, last_walker) over steps [first, last)
    // of `chain`; ready is false when the scale matrix is singular.
    void fit(const EnsembleChain& chain, size_t first, size_t last, int first_walker,
             int last_walker);
    // Draws `x` and returns log q(current) - log q(x), the move's Hastings term; `scratch`
    // holds n_params values.
    double draw(const double* current, uint64_t& rng, double* x, double* scratch) const;
  };
  void fit_proposals();
  uint64_t seed_;
  int threads_;
  int groups_;
  double independent_;
  std::vector<Proposal> proposals_;  // one per group
  std::vector<uint64_t> rng_state_;  // one stream per walker
  std::vector<double> current_, current_lp_;
  EnsembleChain chain_;
};

// Integrated autocorrelation time (steps) of each parameter over steps [first, last): the
// walkers' mean autocorrelation function summed with Sokal's automatic window (the smallest M
// with M >= 5 tau(M)), as emcee does. Parameters are spread over `threads` (0: all cores).
std::vector<double> integrated_autocorr_time(const EnsembleChain& chain, size_t first, size_t last,
                                             int threads = 1);

// Split R-hat (Gelman et al. 2013) of each parameter, each walker's steps [first, last) split
// in halves treated as chains.
std::vector<double> split_rhat(const EnsembleChain& chain, size_t first, size_t last);

}  // namespace exodetect::fit
