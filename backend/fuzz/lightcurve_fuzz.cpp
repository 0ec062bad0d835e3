// libFuzzer target for the light-curve readers: any bytes (FITS, CSV, gzip or junk) must give a
// light curve or std::invalid_argument, never a crash. The content picks the reader, so the
// FITS and CSV seeds exercise both; the last byte varies the options. Curves that parse are
// detrended too, to cover the filter on odd but valid input.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "exodetect/lightcurve/detrend.hpp"
#include "exodetect/lightcurve/light_curve.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  exodetect::lightcurve::ReadOptions options;
  uint8_t knobs = size > 0 ? data[size - 1] : 0;
  if (knobs & 1) options.flux = exodetect::lightcurve::FluxKind::kSap;
  if (knobs & 2) options.time_column = "0";
  if (knobs & 4) options.flux_column = "flux";
  if (knobs & 8) options.flux_err_column = "2";
  try {
    exodetect::lightcurve::LightCurve lc =
        exodetect::lightcurve::read_light_curve_bytes(bytes, "fuzz-input", options);
    exodetect::lightcurve::DetrendOptions detrend;
    detrend.threads = 1;
    detrend.window_days = (knobs & 16) ? 0.1 : 0.75;
    exodetect::lightcurve::biweight_detrend(lc.time, lc.flux, {}, detrend);
    exodetect::lightcurve::stitch({lc});
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
