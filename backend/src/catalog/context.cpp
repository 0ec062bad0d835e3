// Table-wide context features: what the other rows of a catalogue say about a row (signals on
// the same star, on stars with the same ephemeris, on neighbouring stars).

#include "context.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "exodetect/catalog/features.hpp"
#include "exodetect/common/constants.hpp"
#include "exodetect/common/csv.hpp"

namespace exodetect::catalog {

using common::kPi;
using common::parse_number;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr size_t kNone = static_cast<size_t>(-1);

// The stars (groups) of a table: a dense index per row, and the rows grouped by star.
struct Stars {
  std::vector<size_t> of_row;  // star of each row
  std::vector<size_t> rows;    // rows by star, in file order within a star
  std::vector<size_t> begin;   // star s has rows[begin[s] .. begin[s + 1])
  size_t count() const { return begin.size() - 1; }
};

Stars stars_of(const Catalog& catalog) {
  const size_t n = catalog.size();
  Stars stars;
  stars.rows.resize(n);
  std::iota(stars.rows.begin(), stars.rows.end(), 0);
  std::stable_sort(stars.rows.begin(), stars.rows.end(),
                   [&](size_t a, size_t b) { return catalog.group(a) < catalog.group(b); });
  stars.of_row.resize(n);
  for (size_t k = 0; k < n; ++k) {
    const size_t r = stars.rows[k];
    if (k == 0 || catalog.group(r) != catalog.group(stars.rows[k - 1])) stars.begin.push_back(k);
    stars.of_row[r] = stars.begin.size() - 1;
  }
  stars.begin.push_back(n);
  return stars;
}

// Signals on other stars whose period matches to 0.1% and whose epochs agree to 2% of a period:
// the Kepler "ephemeris match" test for light leaking from a neighbouring eclipsing binary.
std::vector<double> ephemeris_matches(const std::vector<double>& period,
                                      const std::vector<double>& epoch, const Stars& stars) {
  size_t n = period.size();
  std::vector<double> out(n, kNaN);
  std::vector<size_t> order;
  for (size_t i = 0; i < n; ++i) {
    if (std::isfinite(period[i]) && period[i] > 0) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return period[a] < period[b]; });
  std::vector<double> sorted(order.size());
  for (size_t k = 0; k < order.size(); ++k) sorted[k] = period[order[k]];
  for (size_t i : order) {
    if (!std::isfinite(epoch[i])) continue;
    double p = period[i];
    auto lo = std::lower_bound(sorted.begin(), sorted.end(), p * (1 - 1e-3));
    auto hi = std::upper_bound(sorted.begin(), sorted.end(), p * (1 + 1e-3));
    int count = 0;
    for (auto it = lo; it != hi; ++it) {
      size_t j = order[static_cast<size_t>(it - sorted.begin())];
      if (stars.of_row[j] == stars.of_row[i] || !std::isfinite(epoch[j])) continue;
      double phase = std::fmod(std::fabs(epoch[j] - epoch[i]) / p, 1.0);
      if (std::min(phase, 1 - phase) < 0.02) ++count;
    }
    out[i] = count;
  }
  return out;
}

// Nearest other star with a signal in the same table, from the hosts' positions. A target close
// to another target that also shows a signal is often lit by the same eclipsing binary: the
// contamination Kepler's centroid and ephemeris tests look for in the pixels.
void nearest_neighbours(const std::vector<double>& ra_deg, const std::vector<double>& dec_deg,
                        const std::vector<double>& magnitude, const Stars& stars,
                        Catalog::Context& out) {
  constexpr double kDeg = kPi / 180.0;
  constexpr double kArcmin = 60.0;  // arcsec
  size_t n = stars.of_row.size();
  out.neighbour_distance.assign(n, kNaN);
  out.neighbour_delta_mag.assign(n, kNaN);
  out.neighbour_count.assign(n, kNaN);
  // One position per star (its first row with one), the stars in the order of those rows.
  std::vector<size_t> slot_of_star(stars.count(), kNone);
  std::vector<size_t> star_row;
  for (size_t r = 0; r < n; ++r) {
    if (!std::isfinite(ra_deg[r]) || !std::isfinite(dec_deg[r])) continue;
    size_t& slot = slot_of_star[stars.of_row[r]];
    if (slot == kNone) {
      slot = star_row.size();
      star_row.push_back(r);
    }
  }
  size_t count = star_row.size();
  if (count < 2) return;
  std::vector<size_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  auto dec = [&](size_t s) { return dec_deg[star_row[s]]; };
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return dec(a) < dec(b); });
  auto separation_arcsec = [&](size_t a, size_t b) {
    double d1 = dec(a) * kDeg, d2 = dec(b) * kDeg;
    double dra = (ra_deg[star_row[a]] - ra_deg[star_row[b]]) * kDeg;
    double h = std::pow(std::sin((d2 - d1) / 2), 2) +
               std::cos(d1) * std::cos(d2) * std::pow(std::sin(dra / 2), 2);
    return 2 * std::asin(std::min(1.0, std::sqrt(h))) / kDeg * 3600.0;
  };
  std::vector<double> distance(count), within_arcmin(count);
  std::vector<size_t> nearest(count);
  for (size_t k = 0; k < count; ++k) {
    size_t a = order[k];
    double best = std::numeric_limits<double>::infinity();
    int within = 0;
    // Stars further in declination alone than the best so far (and than an arcminute) cannot
    // be nearer, so each scan stops early.
    auto scan = [&](size_t j) {
      size_t b = order[j];
      if ((std::fabs(dec(b) - dec(a)) * 3600.0) >= std::max(best, kArcmin)) return false;
      double sep = separation_arcsec(a, b);
      if (sep < best) {
        best = sep;
        nearest[a] = b;
      }
      if (sep < kArcmin) ++within;
      return true;
    };
    for (size_t j = k + 1; j < count && scan(j); ++j) {
    }
    for (size_t j = k; j-- > 0 && scan(j);) {
    }
    distance[a] = best;
    within_arcmin[a] = within;
  }
  for (size_t r = 0; r < n; ++r) {
    const size_t s = slot_of_star[stars.of_row[r]];
    if (s == kNone) continue;
    out.neighbour_distance[r] = distance[s];
    // A neighbour's brightness matters only when it is close enough to spill light in.
    if (distance[s] < kArcmin) {
      out.neighbour_delta_mag[r] = magnitude[star_row[nearest[s]]] - magnitude[star_row[s]];
    }
    out.neighbour_count[r] = within_arcmin[s];
  }
}

// The other signals on the same star, label-free. A false positive often echoes another
// signal on its star: the secondary eclipse or a harmonic of an eclipsing binary (period ratio
// near 1 or a small integer, very different depth), while true multi-planet systems have
// distinct, often near-resonant periods and similar depths.
void sibling_features(const std::vector<double>& period_days, const std::vector<double>& depth_ppm,
                      const Stars& stars, Catalog::Context& out) {
  // Small-integer period ratios n/m (n <= 5, m <= 2) that eclipsing binaries and their
  // harmonics produce; the ratio is taken >= 1.
  static const double kRatios[] = {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0};
  size_t n = stars.of_row.size();
  for (auto* column :
       {&out.sibling_log_period_ratio, &out.sibling_depth_ratio, &out.sibling_resonance_offset,
        &out.sibling_same_period_count, &out.depth_fraction_of_star_max}) {
    column->assign(n, kNaN);
  }
  for (size_t s = 0; s < stars.count(); ++s) {
    const auto first = stars.rows.begin() + static_cast<std::ptrdiff_t>(stars.begin[s]);
    const auto last = stars.rows.begin() + static_cast<std::ptrdiff_t>(stars.begin[s + 1]);
    const size_t siblings = static_cast<size_t>(last - first);
    double max_depth = kNaN;
    for (auto it = first; it != last; ++it) {
      const size_t r = *it;
      if (depth_ppm[r] > 0 && !(depth_ppm[r] <= max_depth)) max_depth = depth_ppm[r];
    }
    for (auto it = first; it != last; ++it) {
      const size_t r = *it;
      if (depth_ppm[r] > 0) out.depth_fraction_of_star_max[r] = depth_ppm[r] / max_depth;
      if (siblings < 2) continue;
      out.sibling_same_period_count[r] = 0;
      if (!(period_days[r] > 0)) continue;
      for (auto other = first; other != last; ++other) {
        const size_t o = *other;
        if (o == r || !(period_days[o] > 0)) continue;
        double ratio =
            std::max(period_days[r], period_days[o]) / std::min(period_days[r], period_days[o]);
        double log_ratio = std::log(ratio);
        // The sibling nearest in period (the first of equals) sets the depth ratio.
        if (!(log_ratio >= out.sibling_log_period_ratio[r])) {
          out.sibling_log_period_ratio[r] = log_ratio;
          out.sibling_depth_ratio[r] = depth_ppm[o] > 0 ? depth_ppm[r] / depth_ppm[o] : kNaN;
        }
        for (double q : kRatios) {
          double offset = std::fabs(ratio - q) / q;
          if (!(offset >= out.sibling_resonance_offset[r])) {
            out.sibling_resonance_offset[r] = offset;
          }
        }
        if (ratio - 1 < 0.01) out.sibling_same_period_count[r] += 1;
      }
    }
  }
}

// A column's numbers per row: the named column, or NaN everywhere when the table has none.
std::vector<double> numbers_of(const Catalog& catalog, std::optional<size_t> column) {
  std::vector<double> out(catalog.size(), kNaN);
  if (!column) return out;
  for (size_t r = 0; r < out.size(); ++r) out[r] = catalog.number(r, *column);
  return out;
}

// The column of a canonical feature: the first alias the table has.
std::optional<size_t> canonical_column(const Catalog& catalog, const std::string& feature) {
  const auto& columns = catalog.columns();
  for (size_t c = 0; c < columns.size(); ++c) {
    if (canonical_feature_name(columns[c]).value_or("") == feature) return c;
  }
  return std::nullopt;
}

}  // namespace

double galactic_latitude_deg(double ra_deg, double dec_deg) {
  // North galactic pole, J2000.
  constexpr double kDeg = kPi / 180.0;
  constexpr double kPoleRa = 192.85948 * kDeg, kPoleDec = 27.12825 * kDeg;
  double ra = ra_deg * kDeg, dec = dec_deg * kDeg;
  double s = std::sin(dec) * std::sin(kPoleDec) +
             std::cos(dec) * std::cos(kPoleDec) * std::cos(ra - kPoleRa);
  return std::asin(std::clamp(s, -1.0, 1.0)) / kDeg;
}

Catalog::Context table_context(const Catalog& catalog, const char* epoch_column) {
  const size_t n = catalog.size();
  const Stars stars = stars_of(catalog);
  Catalog::Context out;
  out.system_count.resize(n);
  for (size_t r = 0; r < n; ++r) {
    const size_t s = stars.of_row[r];
    out.system_count[r] = static_cast<double>(stars.begin[s + 1] - stars.begin[s]);
  }

  out.candidate_index.assign(n, kNaN);
  if (catalog.kind() != CatalogKind::kK2) {
    for (size_t r = 0; r < n; ++r) {
      const std::string_view id = catalog.id(r);
      size_t dot = id.rfind('.');
      if (dot == std::string_view::npos) continue;
      auto suffix = parse_number(id.substr(dot + 1));
      if (suffix && *suffix >= 1) out.candidate_index[r] = *suffix;
    }
  }

  const std::vector<double> ra = numbers_of(catalog, catalog.column("ra"));
  const std::vector<double> dec = numbers_of(catalog, catalog.column("dec"));
  out.galactic_latitude.resize(n);
  for (size_t r = 0; r < n; ++r) out.galactic_latitude[r] = galactic_latitude_deg(ra[r], dec[r]);

  const std::vector<double> period = numbers_of(catalog, canonical_column(catalog, "period_days"));
  out.ephemeris_matches =
      ephemeris_matches(period, numbers_of(catalog, catalog.column(epoch_column)), stars);
  sibling_features(period, numbers_of(catalog, canonical_column(catalog, "depth_ppm")), stars, out);
  nearest_neighbours(ra, dec, numbers_of(catalog, canonical_column(catalog, "magnitude")), stars,
                     out);
  return out;
}

const std::vector<ContextFeature>& context_features() {
  static const std::vector<ContextFeature> kFeatures = {
      {"system_candidate_count", &Catalog::system_candidate_count},
      {"ephemeris_match_count", &Catalog::ephemeris_match_count},
      {"candidate_index", &Catalog::candidate_index},
      {"galactic_latitude_deg", &Catalog::galactic_latitude_deg},
      {"neighbour_distance_arcsec", &Catalog::neighbour_distance_arcsec},
      {"neighbour_delta_mag", &Catalog::neighbour_delta_mag},
      {"neighbours_within_arcmin", &Catalog::neighbours_within_arcmin},
      {"sibling_log_period_ratio", &Catalog::sibling_log_period_ratio},
      {"sibling_depth_ratio", &Catalog::sibling_depth_ratio},
      {"sibling_resonance_offset", &Catalog::sibling_resonance_offset},
      {"sibling_same_period_count", &Catalog::sibling_same_period_count},
      {"depth_fraction_of_star_max", &Catalog::depth_fraction_of_star_max}};
  return kFeatures;
}

}  // namespace exodetect::catalog
