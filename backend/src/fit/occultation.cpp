// Flux of a quadratically limb-darkened star occulted by an opaque disc, exact and numerical.
//
// The intensity is a polynomial in mu: I = a0 + a1 mu + a2 mu^2 with a0 = 1 - u1 - u2,
// a1 = u1 + 2 u2, a2 = -u2. The visible flux of each term: a0 over the uniform disc (lens area,
// closed form), a2 mu^2 = a2 (1 - r^2) (the lens's area and second moment, closed form as in
// Mandel & Agol 2002, eta), a1 mu through the Lambda function of Agol, Luger & Foreman-Mackey
// (2020, section 3, cases 1-11), written with Bulirsch's cel so that no elliptic integral of
// the third kind is needed.

#include <algorithm>
#include <cmath>

#include "exodetect/common/constants.hpp"
#include "exodetect/fit/transit_model.hpp"

namespace exodetect::fit {

using common::kPi;

namespace {

// cel's convergence tolerance: the recursion converges quadratically, so a relative step of
// 3e-6 leaves an error near 1e-11.
constexpr double kCelTolerance = 3e-6;

double clamp_unit(double c) { return std::min(1.0, std::max(-1.0, c)); }

// Two cel integrals with the same modulus in one recursion (the modulus alone decides when
// it has converged): the first with parameter p > 0, the second with p = 1.
void cel_pair(double kc, double p, double a1, double b1, double a2, double b2, double& out1,
              double& out2) {
  kc = std::max(std::fabs(kc), 1e-300);
  double e = kc, m = 1.0;
  p = std::sqrt(p);
  b1 /= p;
  double p2 = 1.0;
  for (int it = 0; it < 60; ++it) {
    const double inv1 = 1.0 / p, inv2 = 1.0 / p2;
    double f = a1;
    a1 += b1 * inv1;
    double g = e * inv1;
    b1 = 2 * (b1 + f * g);
    p += g;
    f = a2;
    a2 += b2 * inv2;
    g = e * inv2;
    b2 = 2 * (b2 + f * g);
    p2 += g;
    const double m_old = m;
    m += kc;
    if (std::fabs(m_old - kc) <= m_old * kCelTolerance) break;
    kc = 2 * std::sqrt(e);
    e = kc * m;
  }
  out1 = 0.5 * kPi * (b1 + a1 * m) / (m * (m + p));
  out2 = 0.5 * kPi * (b2 + a2 * m) / (m * (m + p2));
}

// The visible part of int mu dA over the unit disc (2 pi / 3 unocculted), r the occultor's
// radius and b its centre's distance.
double linear_visible(double r, double b) {
  double lam;
  if (b == 0.0) {
    double s = std::sqrt(std::max(0.0, 1.0 - r * r));
    lam = -2.0 / 3.0 * s * s * s;
  } else if (b == r) {
    if (r == 0.5) {
      lam = 1.0 / 3.0 - 4.0 / (9.0 * kPi);
    } else if (r < 0.5) {
      double m = 4 * r * r;
      lam = 1.0 / 3.0 +
            2.0 / (9.0 * kPi) * bulirsch_cel(std::sqrt(1 - m), 1.0, m - 3, (1 - m) * (2 * m - 3));
    } else {
      double m = 4 * r * r;
      lam =
          1.0 / 3.0 + 1.0 / (9.0 * kPi * r) * bulirsch_cel(std::sqrt(1 - 1 / m), 1.0, m - 3, 1 - m);
    }
  } else {
    const double one_minus_sum2 = (1 - r - b) * (1 + r + b);   // 1 - (b + r)^2
    const double one_minus_diff2 = (r - b + 1) * (1 - r + b);  // 1 - (b - r)^2
    if (b + r > 1.0) {
      // k^2 < 1 (the occultor crosses the limb).
      const double kc2 = -one_minus_sum2 / (4 * b * r);
      const double kc = std::sqrt(kc2);
      const double d = b - r;
      double c1, c2;
      cel_pair(kc, d * d * kc2, 0.0, 3 * kc2 * d * (b + r), -3 + 6 * r * r - 2 * b * r,
               one_minus_sum2, c1, c2);
      lam = one_minus_diff2 * (c1 + c2) / (9 * kPi * std::sqrt(b * r));
    } else if (b + r < 1.0) {
      // k^2 > 1 (the occultor inside the disc): the modulus is 1/k.
      const double kc2 = one_minus_sum2 / one_minus_diff2;
      const double kc = std::sqrt(kc2);
      const double ratio = (b - r) / (b + r);
      const double mu = 3 * ratio / one_minus_diff2;
      const double p = ratio * ratio * one_minus_sum2 / one_minus_diff2;
      double third, e;  // e: the complete elliptic integral of the second kind
      cel_pair(kc, p, 1 + mu, p + mu, 1.0, kc2, third, e);
      lam = 2 * std::sqrt(one_minus_diff2) *
            (one_minus_sum2 * third - (4 - 7 * r * r - b * b) * e) / (9 * kPi);
    } else {
      lam = 2.0 / (3 * kPi) * std::acos(1 - 2 * r) -
            4.0 / (9 * kPi) * (3 + 2 * r - 8 * r * r) * std::sqrt(r * (1 - r)) -
            (r > 0.5 ? 2.0 / 3.0 : 0.0);
    }
  }
  return 2.0 * kPi / 3.0 * (1.0 - 1.5 * lam - (r > b ? 1.0 : 0.0));
}

// Gauss-Legendre nodes and weights on [-1, 1] (Newton on the Legendre recurrence).
struct GaussLegendre {
  static constexpr int kOrder = 20;
  double x[kOrder], w[kOrder];
  GaussLegendre() {
    for (int i = 0; i < kOrder; ++i) {
      double t = std::cos(kPi * (i + 0.75) / (kOrder + 0.5));
      double dp = 1;
      for (int it = 0; it < 100; ++it) {
        double p0 = 1, p1 = t;
        for (int n = 2; n <= kOrder; ++n) {
          double p2 = ((2 * n - 1) * t * p1 - (n - 1) * p0) / n;
          p0 = p1;
          p1 = p2;
        }
        dp = kOrder * (t * p1 - p0) / (t * t - 1);
        double step = p1 / dp;
        t -= step;
        if (std::fabs(step) < 1e-16) break;
      }
      x[i] = t;
      w[i] = 2 / ((1 - t * t) * dp * dp);
    }
  }
};

}  // namespace

double bulirsch_cel(double kc, double p, double a, double b) {
  kc = std::fabs(kc);
  if (kc < 1e-300) kc = 1e-300;  // k = 1: K diverges, but the integrands used here stay finite
  double e = kc, m = 1.0;
  if (p > 0) {
    p = std::sqrt(p);
    b /= p;
  } else {
    double f = kc * kc, q = 1 - f, g = 1 - p;
    f -= p;
    q *= b - a * p;
    p = std::sqrt(f / g);
    a = (a - b) / g;
    b = -q / (g * g * p) + a * p;
  }
  for (int it = 0; it < 60; ++it) {
    double f = a;
    a += b / p;
    double g = e / p;
    b += f * g;
    b += b;
    p += g;
    g = m;
    m += kc;
    if (std::fabs(g - kc) <= g * kCelTolerance) break;
    kc = 2 * std::sqrt(e);
    e = kc * m;
  }
  return 0.5 * kPi * (b + a * m) / (m * (m + p));
}

LimbDarkening limb_darkening_from_kipping(double q1, double q2) {
  double s = std::sqrt(std::max(0.0, q1));
  return {2 * s * q2, s * (1 - 2 * q2)};
}

void kipping_from_limb_darkening(const LimbDarkening& ld, double& q1, double& q2) {
  const double s = ld.u1 + ld.u2;
  q1 = s * s;
  q2 = s > 0 ? ld.u1 / (2 * s) : 0.0;
}

double uniform_occulted_fraction(double k, double z) {
  z = std::fabs(z);
  if (k <= 0 || z >= 1 + k) return 0.0;
  if (z <= k - 1) return 1.0;
  if (z <= 1 - k) return k * k;
  double kap0 = std::acos(clamp_unit((k * k + z * z - 1) / (2 * k * z)));
  double kap1 = std::acos(clamp_unit((1 - k * k + z * z) / (2 * z)));
  double root = std::sqrt(std::max(0.0, 4 * z * z - (1 + z * z - k * k) * (1 + z * z - k * k)));
  return (k * k * kap0 + kap1 - 0.5 * root) / kPi;
}

double quadratic_occultation_flux(double k, double z, const LimbDarkening& ld) {
  z = std::fabs(z);
  if (!(k > 0) || z >= 1 + k) return 1.0;
  const double a0 = 1 - ld.u1 - ld.u2, a1 = ld.u1 + 2 * ld.u2, a2 = -ld.u2;
  const double total = kPi * (a0 + 2 * a1 / 3 + a2 / 2);
  // Hidden area and hidden int r^2 dA of the lens.
  double area, moment2;
  if (z <= 1 - k) {
    area = kPi * k * k;
    moment2 = kPi * k * k * (z * z + 0.5 * k * k);
  } else {
    const double kap0 = std::acos(clamp_unit((k * k + z * z - 1) / (2 * k * z)));
    const double kap1 = std::acos(clamp_unit((1 - k * k + z * z) / (2 * z)));
    const double c = 1 + z * z - k * k;
    const double root = std::sqrt(std::max(0.0, 4 * z * z - c * c));
    area = k * k * kap0 + kap1 - 0.5 * root;
    const double eta2 = 0.5 * k * k * (k * k + 2 * z * z);
    moment2 = 0.5 * (kap1 + 2 * eta2 * kap0 - 0.25 * (1 + 5 * k * k + z * z) * root);
  }
  const double visible0 = kPi - area;
  const double visible2 = 0.5 * kPi - (area - moment2);
  const double visible1 = a1 != 0.0 ? linear_visible(k, z) : 0.0;
  return (a0 * visible0 + a1 * visible1 + a2 * visible2) / total;
}

double quadratic_occultation_flux_numerical(double k, double z, const LimbDarkening& ld) {
  static const GaussLegendre gl;
  z = std::fabs(z);
  if (!(k > 0) || z >= 1 + k) return 1.0;
  auto intensity = [&](double r) {
    double om = 1 - std::sqrt(std::max(0.0, 1 - r * r));
    return 1 - ld.u1 * om - ld.u2 * om * om;
  };
  // Half the angle of the ring of radius r that lies behind the occultor.
  auto half_angle = [&](double r) {
    if (r <= 0 || z == 0) return r < k ? kPi : 0.0;
    return std::acos(clamp_unit((r * r + z * z - k * k) / (2 * r * z)));
  };
  // Pieces between the radii where the occulted arc starts, ends or fills the ring: each
  // piece's integrand is smooth in theta after r = mid - half cos(theta), which also removes
  // the square-root behaviour at both ends (the arc's edges and the limb).
  double edges[4] = {0.0, std::fabs(z - k), std::min(1.0, z + k), 1.0};
  std::sort(edges, edges + 4);
  constexpr int kPanels = 24;
  double hidden = 0;
  for (int piece = 0; piece < 3; ++piece) {
    double lo = std::min(1.0, edges[piece]), hi = std::min(1.0, edges[piece + 1]);
    if (hi <= lo) continue;
    const double mid = 0.5 * (lo + hi), half = 0.5 * (hi - lo);
    for (int panel = 0; panel < kPanels; ++panel) {
      const double t0 = kPi * panel / kPanels, t1 = kPi * (panel + 1) / kPanels;
      for (int i = 0; i < GaussLegendre::kOrder; ++i) {
        double theta = 0.5 * (t0 + t1) + 0.5 * (t1 - t0) * gl.x[i];
        double r = mid - half * std::cos(theta);
        double jac = half * std::sin(theta) * 0.5 * (t1 - t0);
        hidden += gl.w[i] * jac * intensity(r) * 2 * r * half_angle(r);
      }
    }
  }
  const double total = kPi * (1 - ld.u1 / 3 - ld.u2 / 6);
  return 1 - hidden / total;
}

}  // namespace exodetect::fit
