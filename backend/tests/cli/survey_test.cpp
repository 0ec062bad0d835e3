// `exodetect survey` through the real binary: it writes, resumes and survives bad files, reads
// folders, lists and light-curve files as its sources, and bounds its jobs.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"
#include "exodetect/common/csv.hpp"

namespace exodetect::cli_test {
namespace {

TEST_F(Cli, SurveyWritesResumesAndSkipsBadFiles) {
  fs::path stars = dir_ / "stars";
  fs::create_directories(stars);
  fs::path good1 = planet_csv("stars/a.csv", 3.3, 3);
  fs::path good2 = planet_csv("stars/b.csv", 4.1, 4);
  write("stars/c_bad.csv", "not,a\nlight,curve\n");
  fs::path out = dir_ / "results.jsonl";
  RunResult r = run("survey " + quoted(stars) + " --jobs 2 --out " + quoted(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("stars/s"), std::string::npos) << r.err;
  std::vector<nlohmann::json> rows;
  std::istringstream lines(slurp(out));
  std::string line;
  while (std::getline(lines, line)) rows.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(rows.size(), 3u);
  int ok = 0, errors = 0;
  for (const auto& row : rows) {
    if (row["status"] == "ok") {
      ++ok;
      ASSERT_FALSE(row["candidates"].empty()) << row.dump();
      double expected =
          row["file"].get<std::string>().find("a.csv") != std::string::npos ? 3.3 : 4.1;
      EXPECT_NEAR(row["candidates"][0]["period"].get<double>(), expected, 3e-3 * expected);
    } else {
      ++errors;
      EXPECT_NE(row["file"].get<std::string>().find("c_bad.csv"), std::string::npos);
      EXPECT_FALSE(row["error"].get<std::string>().empty());
    }
  }
  EXPECT_EQ(ok, 2);
  EXPECT_EQ(errors, 1);

  // An interrupted run left half a line; a new star was added. Only the new star is searched.
  {
    std::ofstream app(out, std::ios::app);
    app << "{\"file\": \"cut off";
  }
  planet_csv("stars/d.csv", 2.7, 5);
  r = run("survey " + quoted(stars) + " --jobs 2 --out " + quoted(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("3 of 4 stars already"), std::string::npos) << r.err;
  std::istringstream again(slurp(out));
  size_t n = 0;
  while (std::getline(again, line)) {
    nlohmann::json row = nlohmann::json::parse(line);  // every line is whole JSON
    ++n;
    if (n == 4) {
      EXPECT_NE(row["file"].get<std::string>().find("d.csv"), std::string::npos);
    }
  }
  EXPECT_EQ(n, 4u);
}

// An --out that is not this survey's output (a light curve, notes, the other --format) is
// refused and left byte for byte as it was.
TEST_F(Cli, SurveyRefusesAnOutThatIsNotItsOutputAndLeavesIt) {
  fs::path stars = dir_ / "stars";
  fs::create_directories(stars);
  planet_csv("stars/a.csv", 3.3, 3);
  const std::string fits_like = std::string("SIMPLE  =  T\n\0\x01\x02 binary", 23);
  const std::vector<std::pair<std::string, std::string>> foreign = {
      {"notes.txt", "my notes\nthe last line, with no newline"},
      {"star.fits", fits_like},
      {"star.csv.gz", "\x1f\x8b\x08 not ours\n tail"}};
  for (const auto& [name, content] : foreign) {
    const fs::path out = write(name, content);
    expect_error(run("survey " + quoted(stars) + " --jobs 1 --out " + quoted(out)),
                 "is not a survey output");
    EXPECT_EQ(slurp(out), content) << name;
  }
  // An output of one format is not resumed (nor appended to) in the other.
  const fs::path csv_out = dir_ / "out.csv", jsonl_out = dir_ / "out.jsonl";
  ASSERT_EQ(run("survey " + quoted(stars) + " --format csv --out " + quoted(csv_out)).exit_code, 0);
  ASSERT_EQ(run("survey " + quoted(stars) + " --out " + quoted(jsonl_out)).exit_code, 0);
  const std::string csv_text = slurp(csv_out), jsonl_text = slurp(jsonl_out);
  expect_error(run("survey " + quoted(stars) + " --out " + quoted(csv_out)), "JSON lines");
  expect_error(run("survey " + quoted(stars) + " --format csv --out " + quoted(jsonl_out)), "CSV");
  EXPECT_EQ(slurp(csv_out), csv_text);
  EXPECT_EQ(slurp(jsonl_out), jsonl_text);
  // Each resumes in its own format: every star already there, nothing appended.
  ASSERT_EQ(run("survey " + quoted(stars) + " --format csv --out " + quoted(csv_out)).exit_code, 0);
  ASSERT_EQ(run("survey " + quoted(stars) + " --out " + quoted(jsonl_out)).exit_code, 0);
  EXPECT_EQ(slurp(csv_out), csv_text);
  EXPECT_EQ(slurp(jsonl_out), jsonl_text);
}

// The transit fit costs far more than the search: a survey fits only when asked, and then
// reports the fit's time per star beside the other stages.
TEST_F(Cli, SurveyFitsOnlyWhenAskedAndTimesIt) {
  fs::path stars = dir_ / "stars";
  fs::create_directories(stars);
  planet_csv("stars/a.csv", 3.3, 3);
  auto first_row = [&](const std::string& flags, const fs::path& out) {
    RunResult r = run("survey " + quoted(stars) + " --jobs 1 " + flags + " --out " + quoted(out));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::istringstream lines(slurp(out));
    std::string line;
    std::getline(lines, line);
    return nlohmann::json::parse(line);
  };
  const nlohmann::json plain = first_row("", dir_ / "plain.jsonl");
  ASSERT_EQ(plain["status"], "ok") << plain.dump();
  ASSERT_FALSE(plain["candidates"].empty()) << plain.dump();
  EXPECT_FALSE(plain["candidates"][0].contains("fit"));
  EXPECT_FALSE(plain["timing_ms"].contains("fit"));
  EXPECT_TRUE(plain["timing_ms"].contains("search"));

  const nlohmann::json fitted = first_row("--fit", dir_ / "fitted.jsonl");
  ASSERT_EQ(fitted["status"], "ok") << fitted.dump();
  ASSERT_FALSE(fitted["candidates"].empty()) << fitted.dump();
  EXPECT_TRUE(fitted["candidates"][0].contains("fit"));
  ASSERT_TRUE(fitted["timing_ms"].contains("fit")) << fitted["timing_ms"].dump();
  EXPECT_GT(fitted["timing_ms"]["fit"].get<double>(), 0.0);
}

TEST_F(Cli, SurveyCsvFromList) {
  planet_csv("a.csv", 3.3, 6);
  fs::path list = write("list.txt", "# stars\na.csv\nmissing.csv\n");
  RunResult r = run("survey " + quoted(list) + " --format csv --jobs 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string header;
  std::getline(lines, header);
  EXPECT_EQ(header.rfind("file,status,error,target", 0), 0u) << header;
  std::string all = r.out;
  EXPECT_NE(all.find("a.csv,ok,"), std::string::npos) << all;
  EXPECT_NE(all.find("missing.csv,error,"), std::string::npos) << all;
  // A well-formed table: every row has the header's cell count (parse_csv checks).
  exodetect::common::CsvTable table = exodetect::common::parse_csv(all);
  ASSERT_EQ(table.rows.size(), 2u);
  auto period = table.column("period");
  ASSERT_TRUE(period.has_value());
  EXPECT_TRUE(table.column("star_teff_k").has_value());  // the star and where it came from
  EXPECT_TRUE(table.column("star_sources").has_value());
  EXPECT_TRUE(table.column("single_event_t0").has_value());
  for (const auto& row : table.rows) {
    if (row[1] == "ok") {
      EXPECT_NEAR(std::stod(row[*period]), 3.3, 0.01);
    }
  }
}

TEST_F(Cli, SurveyMissingSourceIsAnError) {
  expect_error(run("survey " + quoted(dir_ / "no_such_dir")), "no_such_dir");
}

// A repeated list line (or a list beside its folder) gives the star one result line.
TEST_F(Cli, SurveySearchesAStarListedTwiceOnce) {
  planet_csv("a.csv", 3.3, 2);
  const fs::path list = write("list.txt", "a.csv\n./a.csv\n" + (dir_ / "a.csv").string() + "\n");
  RunResult r = run("survey " + quoted(list) + " --jobs 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  EXPECT_NE(r.err.find("2 files listed more than once"), std::string::npos) << r.err;
}

// A symlink loop in a surveyed folder ("Too many levels of symbolic links") is skipped as other
// entries that are not files are, and the survey goes on.
TEST_F(Cli, SurveySkipsASymlinkLoopInTheFolder) {
  fs::create_directories(dir_ / "stars");
  planet_csv("stars/a.csv", 3.3, 2);
  fs::create_symlink("l2", dir_ / "stars" / "l1");
  fs::create_symlink("l1", dir_ / "stars" / "l2");
  RunResult r = run("survey " + quoted(dir_ / "stars") + " --jobs 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("a.csv"), std::string::npos) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
}

// A thread per job: --jobs is bounded as --threads is.
TEST_F(Cli, SurveyJobsAreBoundedAsThreadsAre) {
  planet_csv("a.csv", 3.3, 1);
  expect_error(run("survey " + quoted(dir_) + " --jobs 100000"), "--jobs must be in [0, 1024]");
  expect_error(run("survey " + quoted(dir_) + " --jobs -1"), "--jobs must be in [0, 1024]");
}

// A light-curve file given as a source is one star, as its folder would give it (not a list
// whose every line is a missing path); a list still lists, missing paths and all.
TEST_F(Cli, SurveyTakesALightCurveFileAsOneStar) {
  const fs::path star = planet_csv("a.csv", 3.3, 2);
  const fs::path fits = fs::path(EXODETECT_DATA_DIR) / "lightcurves" / "tic55525572_lc.fits.gz";
  RunResult r = run("survey " + quoted(star) + " " + quoted(fits) + " --jobs 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  std::vector<nlohmann::json> rows;
  while (std::getline(lines, line)) rows.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(rows.size(), 2u) << r.out;
  for (const auto& row : rows) EXPECT_EQ(row["status"], "ok") << row.dump();
  const fs::path list = write("list.txt", "# stars\nmissing.csv\na.csv\n");
  r = run("survey " + quoted(list) + " --jobs 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2) << r.out;
  EXPECT_NE(r.out.find("missing.csv"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace exodetect::cli_test
