#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace exodetect::lightcurve {

enum class Mission { kUnknown, kKepler, kK2, kTess };

// Fewer usable points than this after filtering is rejected as not a light curve.
constexpr size_t kMinLightCurvePoints = 50;
enum class FluxKind { kPdcsap, kSap };

std::string_view mission_name(Mission m);  // "Kepler", "K2", "TESS", "unknown"

// Where one stellar value came from ("header", "user", "catalogue", "derived") and its 1-sigma
// uncertainty in the value's unit, when known.
struct StellarSource {
  std::string source;
  std::optional<double> err;
};

// Newton's gravity at a star's surface, g = G M / R^2: the mass in solar masses of a star of
// log10 surface gravity logg_cgs and radius radius_sun (solar radii), and the inverse. NaN or
// infinity where the inputs give no star (callers check).
double mass_from_logg_sun(double logg_cgs, double radius_sun);
double logg_from_mass_cgs(double mass_sun, double radius_sun);

// Stellar parameters from a FITS primary header (or the caller); absent values stay empty.
struct StellarParams {
  std::optional<double> teff_k;      // effective temperature, K
  std::optional<double> logg_cgs;    // log10 surface gravity, cgs
  std::optional<double> radius_sun;  // stellar radius, solar radii
  std::optional<double> mass_sun;    // stellar mass, solar masses (from logg and radius if absent)
  std::optional<double> magnitude;   // Kepler or TESS magnitude
  // The target's position, degrees, equinox J2000 (RA_OBJ, DEC_OBJ): how a star the catalogue
  // names only by a host name is found (catalog::resolve_star).
  std::optional<double> ra_deg, dec_deg;
  // By value name ("teff_k", "logg_cgs", "radius_sun", "mass_sun", "magnitude"); filled by
  // catalog::resolve_star, empty as read.
  std::map<std::string, StellarSource> provenance;
  std::string catalogue_table, catalogue_id, catalogue_row;  // the row looked up, if any
  // Arcseconds between the position and the catalogue row's when the row was found by position.
  std::optional<double> catalogue_separation_arcsec;

  // Mean stellar density in g/cm^3 when mass and radius (or logg and radius) are known.
  std::optional<double> density_cgs() const;
};

// A light curve ready for searching: sorted, unique, finite times with normalised flux.
struct LightCurve {
  std::vector<double> time;      // days, in `time_system` (BKJD, BTJD, BJD or as given)
  std::vector<double> flux;      // relative flux, each segment divided by its median (~1.0)
  std::vector<double> flux_err;  // relative flux uncertainty, same length as flux
  std::vector<int> segment;      // index of the file/quarter/sector each point came from

  std::string source;  // file name(s) it was read from
  std::string target;  // OBJECT keyword or file stem
  Mission mission = Mission::kUnknown;
  std::string time_system = "unknown";  // "BKJD", "BTJD", "BJD" or "unknown"
  double bjd_reference_days = 0.0;      // add to `time` to get BJD_TDB; 0 when unknown
  StellarParams stellar;
  // TESS sectors, Kepler quarters or K2 campaigns the points came from (the FITS SECTOR, QUARTER
  // or CAMPAIGN keyword), ascending and unique; empty when no file says.
  std::vector<int> observing_periods;
  size_t n_points_raw = 0;  // rows read before quality/NaN filtering
  // What reading changed that a user should know: the column read, magnitudes converted to
  // flux, times sorted, duplicated times dropped. Sentences, for the report.
  std::vector<std::string> notes;

  size_t size() const { return time.size(); }
  double span_days() const { return time.empty() ? 0.0 : time.back() - time.front(); }
};

// What the flux column holds. kAuto: magnitudes when the column's name or unit says so
// (mag, dmag, e.g. CDIPS IRM1/PCA1/TFA1 with TUNIT 'mag'), or when a headerless column is
// centred on zero (differential magnitudes: a flux cannot be normalised by a zero median);
// relative flux in ppm or ppt when the name or unit says so ("rel_flux_ppm", "dflux [ppt]").
// kRelative, kPpt, kPpm: the change from the star's level, centred on zero (flux - 1, as a
// fraction, in parts per thousand or per million), read as flux = 1 + value x unit.
enum class FluxUnit { kAuto, kFlux, kMagnitude, kRelative, kPpt, kPpm };

struct ReadOptions {
  FluxKind flux = FluxKind::kPdcsap;
  // Column overrides, CSV and FITS: a column name, or a 0-based index as text.
  std::string time_column;
  std::string flux_column;
  std::string flux_err_column;
  FluxUnit flux_unit = FluxUnit::kAuto;
};

// Reads one FITS (.fits, .fits.gz) or CSV (.csv, .csv.gz, whitespace text) light curve, detected
// from the content, not the name. Magnitudes become flux (10^(-0.4 mag)); rows out of time
// order are sorted and exactly repeated times dropped, each said in `notes`. Throws
// std::invalid_argument with a message naming the file and the problem for anything that is not a
// usable light curve.
LightCurve read_light_curve(const std::string& path, const ReadOptions& options = {});

// Memory that a caller reading many files in turn (a survey's thread) keeps between them: each
// file's bytes and their inflated copy reuse it instead of a few fresh megabytes per file.
struct ReadBuffers {
  std::string file;      // the file as stored
  std::string inflated;  // its gunzipped content
};
LightCurve read_light_curve(const std::string& path, const ReadOptions& options,
                            ReadBuffers& buffers);

// The same from bytes already in memory (uploads, fuzzing); `name` is used in messages.
LightCurve read_light_curve_bytes(std::string_view bytes, const std::string& name,
                                  const ReadOptions& options = {});

// Joins light curves of one star (quarters, sectors) in time order; each keeps its own
// median normalisation and segment index. Throws std::invalid_argument when empty or when
// the parts overlap in time.
LightCurve stitch(std::vector<LightCurve> parts);

}  // namespace exodetect::lightcurve
