// Kepler/K2/TESS light-curve FITS files through CFITSIO, read from memory.

#include <fitsio.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "reader.hpp"

namespace exodetect::lightcurve::detail {
namespace {

// lightkurve's DEFAULT quality bitmasks: cadences that are definitely unusable.
constexpr size_t kFitsBlock = 2880;             // bytes in a FITS header/data record
constexpr int kKeplerDefaultBitmask = 1130799;  // Kepler and K2, SAP_QUALITY
constexpr int kTessDefaultBitmask = 175;  // attitude tweak, safe mode, coarse/earth point, desat,
                                          // manual exclude

// Closes the file on every path out, including exceptions.
class FitsFile {
 public:
  FitsFile(std::string& bytes, const std::string& name)
      : name_(name), buffer_(bytes.data()), size_(bytes.size()) {
    int status = 0;
    // READONLY and no realloc function: CFITSIO never writes to or resizes our buffer. It keeps
    // the addresses of buffer_ and size_, so they live as members for the file's lifetime.
    if (fits_open_memfile(&fptr_, "exodetect", READONLY, &buffer_, &size_, 0, nullptr, &status)) {
      fptr_ = nullptr;
      fail("cannot open as FITS", status);
    }
  }
  ~FitsFile() {
    int status = 0;
    if (fptr_) fits_close_file(fptr_, &status);
  }
  FitsFile(const FitsFile&) = delete;
  FitsFile& operator=(const FitsFile&) = delete;

  fitsfile* get() const { return fptr_; }

  [[noreturn]] void fail(const std::string& what, int status) const {
    char text[FLEN_STATUS] = {0};
    fits_get_errstatus(status, text);
    fits_clear_errmsg();
    reject(what + " (CFITSIO: " + text + ")");
  }
  [[noreturn]] void reject(const std::string& what) const {
    throw std::invalid_argument("'" + name_ + "': " + what);
  }

 private:
  std::string name_;
  void* buffer_;
  size_t size_;
  fitsfile* fptr_ = nullptr;
};

// A numeric keyword of the current HDU; absent when missing, undefined, not a number or NaN.
std::optional<double> key_double(fitsfile* f, const char* key) {
  int status = 0;
  double v = 0;
  if (fits_read_key(f, TDOUBLE, key, &v, nullptr, &status) || !std::isfinite(v)) {
    fits_clear_errmsg();
    return std::nullopt;
  }
  return v;
}

std::string key_string(fitsfile* f, const char* key) {
  int status = 0;
  char v[FLEN_VALUE] = {0};
  if (fits_read_key(f, TSTRING, key, v, nullptr, &status)) {
    fits_clear_errmsg();
    return "";
  }
  std::string s(v);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::optional<int> find_column(fitsfile* f, const char* name) {
  int status = 0;
  int col = 0;
  if (fits_get_colnum(f, CASEINSEN, const_cast<char*>(name), &col, &status)) {
    fits_clear_errmsg();
    return std::nullopt;
  }
  return col;
}

// Reads a scalar numeric column as doubles (integer nulls and float NaNs become NaN).
std::vector<double> read_double_column(const FitsFile& file, int col, const char* label,
                                       long long rows) {
  int status = 0;
  int type = 0;
  long repeat = 0;
  long width = 0;
  fits_get_coltype(file.get(), col, &type, &repeat, &width, &status);
  if (status) file.fail(std::string("cannot read column ") + label, status);
  if (type <= 0 || type == TSTRING || type == TLOGICAL || type == TBIT || repeat != 1) {
    file.reject(std::string("column ") + label + " is not a scalar number column");
  }
  std::vector<double> out(static_cast<size_t>(rows));
  if (rows == 0) return out;
  double nan = std::numeric_limits<double>::quiet_NaN();
  int anynul = 0;
  if (fits_read_col(file.get(), TDOUBLE, col, 1, 1, rows, &nan, out.data(), &anynul, &status)) {
    file.fail(std::string("cannot read column ") + label, status);
  }
  return out;
}

// Every column name of the current table, in order (column n is names[n - 1]).
std::vector<std::string> column_names(fitsfile* f) {
  int status = 0;
  int n = 0;
  std::vector<std::string> names;
  if (fits_get_num_cols(f, &n, &status)) {
    fits_clear_errmsg();
    return names;
  }
  for (int c = 1; c <= n; ++c) {
    names.push_back(key_string(f, ("TTYPE" + std::to_string(c)).c_str()));
  }
  return names;
}

std::string column_unit(fitsfile* f, int col) {
  return key_string(f, ("TUNIT" + std::to_string(col)).c_str());
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// The column an option names: a column name (any case) or a 0-based index as text.
std::optional<int> column_by_option(fitsfile* f, const std::string& value) {
  const bool digits =
      !value.empty() && value.size() < 6 &&
      std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); });
  if (digits) {
    int status = 0;
    int n = 0;
    fits_get_num_cols(f, &n, &status);
    fits_clear_errmsg();
    const int index = std::stoi(value);
    if (index < n) return index + 1;
    return std::nullopt;
  }
  return find_column(f, value.c_str());
}

Mission mission_from_headers(const std::string& telescop, const std::string& mission_key,
                             bool has_campaign, double bjd_ref) {
  std::string t = upper(telescop);
  std::string m = upper(mission_key);
  if (m == "K2" || ((t == "KEPLER" || m == "KEPLER") && has_campaign)) return Mission::kK2;
  if (t == "KEPLER" || m == "KEPLER") return Mission::kKepler;
  if (t == "TESS" || m == "TESS") return Mission::kTess;
  if (bjd_ref == kBkjdReference) return Mission::kKepler;
  if (bjd_ref == kBtjdReference) return Mission::kTess;
  return Mission::kUnknown;
}

// Reads the integer value of a header card ("KEYWORD = value / comment"), if it is one.
std::optional<long long> card_integer(std::string_view card) {
  if (card.size() < 11 || card.substr(8, 2) != "= ") return std::nullopt;
  std::string value(card.substr(10, card.find('/', 10) == std::string_view::npos
                                        ? std::string_view::npos
                                        : card.find('/', 10) - 10));
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(value.c_str(), &end, 10);
  if (end == value.c_str() || errno != 0) return std::nullopt;
  while (*end == ' ') ++end;
  if (*end != '\0') return std::nullopt;
  return v;
}

std::string_view card_keyword(std::string_view card) {
  std::string_view k = card.substr(0, 8);
  while (!k.empty() && k.back() == ' ') k.remove_suffix(1);
  return k;
}

// The length of the leading HDUs whose headers are well formed: printable 80-byte cards, an
// END card, and the mandatory keywords (SIMPLE or XTENSION, BITPIX, NAXIS, NAXISn, and PCOUNT,
// GCOUNT for extensions) with sane values. CFITSIO trusts these and misbehaves on hostile
// headers (uninitialised sizes), so it only ever sees this prefix. Returns 0 when even the
// primary header is malformed. A well-formed HDU whose data runs past the end is kept, so that
// the table check reports the truncation.
size_t valid_fits_prefix(std::string_view bytes) {
  constexpr size_t kCard = 80;
  constexpr size_t kMaxHeaderCards = 36 * 1000;
  size_t pos = 0;
  for (int hdu = 0; pos + kFitsBlock <= bytes.size(); ++hdu) {
    std::vector<std::string_view> cards;
    bool ended = false;
    for (size_t c = pos; c + kCard <= bytes.size() && cards.size() < kMaxHeaderCards; c += kCard) {
      std::string_view card = bytes.substr(c, kCard);
      if (!std::all_of(card.begin(), card.end(),
                       [](char ch) { return ch >= 0x20 && ch <= 0x7e; })) {
        break;
      }
      cards.push_back(card);
      if (card_keyword(card) == "END") {
        ended = true;
        break;
      }
    }
    if (!ended || cards.size() < 4) return pos;
    auto value = [&](size_t index, std::string_view keyword) -> std::optional<long long> {
      if (index >= cards.size() || card_keyword(cards[index]) != keyword) return std::nullopt;
      return card_integer(cards[index]);
    };
    if (card_keyword(cards[0]) != (hdu == 0 ? "SIMPLE" : "XTENSION")) return pos;
    std::optional<long long> bitpix = value(1, "BITPIX");
    std::optional<long long> naxis = value(2, "NAXIS");
    if (!bitpix || !naxis || *naxis < 0 || *naxis > 999 ||
        (*bitpix != 8 && *bitpix != 16 && *bitpix != 32 && *bitpix != 64 && *bitpix != -32 &&
         *bitpix != -64)) {
      return pos;
    }
    // Data size in bytes, as a double so that hostile dimensions cannot overflow.
    double elements = *naxis > 0 ? 1.0 : 0.0;
    for (long long i = 1; i <= *naxis; ++i) {
      std::optional<long long> n = value(2 + i, "NAXIS" + std::to_string(i));
      if (!n || *n < 0) return pos;
      elements *= static_cast<double>(*n);
    }
    double pcount = 0;
    double gcount = 1;
    if (hdu > 0) {
      std::optional<long long> p = value(3 + *naxis, "PCOUNT");
      std::optional<long long> g = value(4 + *naxis, "GCOUNT");
      if (!p || !g || *p < 0 || *g < 0) return pos;
      pcount = static_cast<double>(*p);
      gcount = static_cast<double>(*g);
    }
    double data = std::fabs(static_cast<double>(*bitpix)) / 8.0 * gcount * (pcount + elements);
    double header = std::ceil(static_cast<double>(cards.size() * kCard) / kFitsBlock) * kFitsBlock;
    double next = static_cast<double>(pos) + header + std::ceil(data / kFitsBlock) * kFitsBlock;
    if (next >= static_cast<double>(bytes.size())) return bytes.size();
    pos = static_cast<size_t>(next);
  }
  return pos;
}

}  // namespace

bool looks_like_fits(std::string_view bytes) {
  return bytes.size() >= 30 && bytes.substr(0, 9) == "SIMPLE  =";
}

RawLightCurve read_fits(std::string& bytes, const std::string& name, const ReadOptions& options) {
  // A FITS file is whole 2880-byte blocks; anything shorter cannot hold a header and a table,
  // and refusing it here keeps CFITSIO away from truncated buffers.
  if (bytes.size() < 2 * kFitsBlock) {
    throw std::invalid_argument("'" + name + "': truncated FITS file (" +
                                std::to_string(bytes.size()) + " bytes)");
  }
  size_t valid = valid_fits_prefix(bytes);
  if (valid == 0) throw std::invalid_argument("'" + name + "': malformed FITS primary header");
  bytes.resize(valid);
  // CFITSIO reads whole 2880-byte records; padding a short last record keeps those reads inside
  // the buffer (a valid file is already a whole number of records).
  const size_t file_size = bytes.size();
  bytes.resize((bytes.size() + kFitsBlock - 1) / kFitsBlock * kFitsBlock, '\0');
  FitsFile file(bytes, name);
  fitsfile* f = file.get();
  RawLightCurve raw;
  LightCurve& meta = raw.meta;
  meta.source = name;

  // Primary header: target and star.
  auto positive = [](std::optional<double> v) { return v && *v > 0 ? v : std::nullopt; };
  // Catalogue ids name the target when OBJECT is blank; out-of-range values are ignored.
  auto id = [](std::optional<double> v) {
    return v && *v >= 1 && *v < 1e15 ? std::to_string(static_cast<long long>(*v)) : "";
  };
  std::string object = key_string(f, "OBJECT");
  std::string telescop = key_string(f, "TELESCOP");
  std::string mission_key = key_string(f, "MISSION");
  // lightkurve exports write a blank CAMPAIGN into Kepler files: only a number means K2.
  const std::optional<double> sector = key_double(f, "SECTOR");
  const std::optional<double> quarter = key_double(f, "QUARTER");
  const std::optional<double> campaign = key_double(f, "CAMPAIGN");
  bool has_campaign = campaign.has_value();
  std::string keplerid = id(key_double(f, "KEPLERID"));
  std::string ticid = id(key_double(f, "TICID"));
  std::optional<double> primary_bjdrefi = key_double(f, "BJDREFI");
  std::optional<double> primary_bjdreff = key_double(f, "BJDREFF");
  meta.stellar.ra_deg = key_double(f, "RA_OBJ");
  meta.stellar.dec_deg = key_double(f, "DEC_OBJ");
  if (!meta.stellar.ra_deg || !meta.stellar.dec_deg || std::fabs(*meta.stellar.dec_deg) > 90) {
    meta.stellar.ra_deg = meta.stellar.dec_deg = std::nullopt;
  }
  meta.stellar.teff_k = positive(key_double(f, "TEFF"));
  meta.stellar.logg_cgs = key_double(f, "LOGG");
  meta.stellar.radius_sun = positive(key_double(f, "RADIUS"));
  meta.stellar.magnitude = key_double(f, "KEPMAG");
  if (!meta.stellar.magnitude) meta.stellar.magnitude = key_double(f, "TESSMAG");

  // The light-curve table: the first binary table with a time column (TIME; K2SFF's T, CDIPS's
  // TMID_BJD, TGLC's time).
  int status = 0;
  int n_hdus = 0;
  if (fits_get_num_hdus(f, &n_hdus, &status)) file.fail("cannot read the HDU list", status);
  std::optional<int> time_col;
  for (int h = 2; h <= n_hdus && !time_col; ++h) {
    int type = 0;
    if (fits_movabs_hdu(f, h, &type, &status))
      file.fail("cannot read HDU " + std::to_string(h), status);
    if (type != BINARY_TBL) continue;
    if (!options.time_column.empty()) {
      time_col = column_by_option(f, options.time_column);
      continue;
    }
    for (const std::string& n : time_column_names()) {
      if ((time_col = find_column(f, n.c_str()))) break;
    }
  }
  if (!time_col) {
    file.reject(n_hdus < 2 ? "no FITS table after the primary header (truncated?)"
                : !options.time_column.empty()
                    ? "no FITS table has the time column '" + options.time_column + "'"
                    : "no FITS table with a time column (TIME)");
  }

  long long rows = 0;
  if (fits_get_num_rowsll(f, &rows, &status)) file.fail("cannot read the table size", status);
  // The table must fit in the file: refuse headers that promise more rows than there are bytes
  // before allocating anything for them or letting CFITSIO read past the end.
  std::optional<double> row_bytes = key_double(f, "NAXIS1");
  long long header_start = 0, data_start = 0, data_end = 0;
  if (fits_get_hduaddrll(f, &header_start, &data_start, &data_end, &status)) {
    file.fail("cannot locate the table data", status);
  }
  if (rows < 0 || !row_bytes || *row_bytes < 1 ||
      static_cast<double>(data_start) + static_cast<double>(rows) * *row_bytes >
          static_cast<double>(file_size)) {
    file.reject("truncated or inconsistent FITS table");
  }

  const std::vector<std::string> names = column_names(f);
  std::optional<int> flux_col;
  if (!options.flux_column.empty()) {
    flux_col = column_by_option(f, options.flux_column);
    if (!flux_col)
      file.reject("no column '" + options.flux_column + "' (columns: " + join(names) + ")");
  } else {
    for (const std::string& n : flux_column_names(options.flux)) {
      if ((flux_col = find_column(f, n.c_str()))) break;
    }
    if (!flux_col)
      file.reject("no flux column found (columns: " + join(names) +
                  "); name one with --flux-column");
  }
  const std::string flux_name = names[*flux_col - 1];
  std::optional<int> err_col;
  if (!options.flux_err_column.empty()) {
    err_col = column_by_option(f, options.flux_err_column);
    if (!err_col)
      file.reject("no column '" + options.flux_err_column + "' (columns: " + join(names) + ")");
  } else {
    std::string lower_name = flux_name;
    for (char& c : lower_name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // Errors named after the flux only, but for the generic FLUX and eleanor's CORR_FLUX: a
    // FLUX_ERR next to another flux may be on another scale.
    const bool generic = lower_name == "flux" || lower_name == "corr_flux";
    for (const std::string& n : error_column_names(lower_name, generic)) {
      if ((err_col = find_column(f, n.c_str()))) break;
    }
  }
  std::optional<int> quality_col;
  for (const std::string& n : quality_column_names()) {
    if ((quality_col = find_column(f, n.c_str()))) break;
  }

  raw.time = read_double_column(file, *time_col, "time", rows);
  raw.flux = read_double_column(file, *flux_col, flux_name.c_str(), rows);
  if (err_col) raw.flux_err = read_double_column(file, *err_col, "flux error", rows);
  raw.flux_label = "column '" + flux_name + "'";
  const char* usual = options.flux == FluxKind::kSap ? "SAP_FLUX" : "PDCSAP_FLUX";
  if (options.flux_column.empty() && upper(flux_name) != usual) {
    meta.notes.push_back("flux read from " + raw.flux_label + " (no " + usual + " column)");
  }
  resolve_flux_unit(options.flux_unit, flux_name, column_unit(f, *flux_col), raw);

  // Time system from the table header (the primary one as a fallback).
  std::optional<double> bjdrefi = key_double(f, "BJDREFI");
  std::optional<double> bjdreff = key_double(f, "BJDREFF");
  if (!bjdrefi) bjdrefi = primary_bjdrefi;
  if (!bjdreff) bjdreff = primary_bjdreff;
  double bjd_ref = bjdrefi ? *bjdrefi + bjdreff.value_or(0.0) : 0.0;
  meta.mission = mission_from_headers(telescop, mission_key, has_campaign, bjd_ref);
  if (bjd_ref == kBkjdReference) {
    meta.time_system = "BKJD";
    meta.bjd_reference_days = bjd_ref;
  } else if (bjd_ref == kBtjdReference) {
    meta.time_system = "BTJD";
    meta.bjd_reference_days = bjd_ref;
  } else if (bjd_ref > 0) {
    // An unusual reference: report full BJD rather than invent a name for the offset.
    for (double& t : raw.time) t += bjd_ref;
    meta.time_system = "BJD";
  } else {
    // No reference (lightkurve's to_fits() writes TUNIT 'bkjd'; CDIPS stores full BJD).
    resolve_time_system(names[*time_col - 1], column_unit(f, *time_col), raw);
    if (meta.mission == Mission::kUnknown) {
      meta.mission =
          mission_from_headers(telescop, mission_key, has_campaign, meta.bjd_reference_days);
    }
  }

  if (quality_col) {
    int mask = meta.mission == Mission::kTess      ? kTessDefaultBitmask
               : meta.mission == Mission::kUnknown ? 0
                                                   : kKeplerDefaultBitmask;
    std::vector<int> quality(static_cast<size_t>(rows));
    int nul = 0;
    int anynul = 0;
    if (rows > 0 &&
        fits_read_col(f, TINT, *quality_col, 1, 1, rows, &nul, quality.data(), &anynul, &status)) {
      file.fail("cannot read the quality column", status);
    }
    raw.bad_quality.resize(quality.size());
    for (size_t i = 0; i < quality.size(); ++i) raw.bad_quality[i] = (quality[i] & mask) != 0;
  }

  // The observing period the mission's primary header names.
  const std::optional<double> period = meta.mission == Mission::kTess     ? sector
                                       : meta.mission == Mission::kKepler ? quarter
                                       : meta.mission == Mission::kK2     ? campaign
                                                                          : std::nullopt;
  if (period && *period >= 0 && *period < 1e6 && *period == std::floor(*period)) {
    meta.observing_periods.push_back(static_cast<int>(*period));
  }

  if (object.empty()) object = key_string(f, "OBJECT");
  // lightkurve's exports write the bare id into OBJECT: the id keyword says which catalogue's.
  if (object.empty() || object == keplerid) {
    if (!keplerid.empty()) object = (meta.mission == Mission::kK2 ? "EPIC " : "KIC ") + keplerid;
  }
  if (object.empty() || object == ticid) {
    if (!ticid.empty()) object = "TIC " + ticid;
  }
  meta.target = object.empty() ? file_stem(name) : object;
  meta.n_points_raw = static_cast<size_t>(rows);
  return raw;
}

}  // namespace exodetect::lightcurve::detail
