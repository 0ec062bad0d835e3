#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "exodetect/common/csv.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/common/stats.hpp"
#include "exodetect/common/thread_pool.hpp"

namespace exodetect::common {
namespace {

TEST(Csv, HeaderCommentsAndQuotes) {
  CsvTable t = parse_csv("# units\n#\nname,period\n\"K00752.01\",9.48\n\"a, \"\"b\"\"\",1e-3\n");
  ASSERT_EQ(t.header.size(), 2u);
  EXPECT_EQ(t.comments.size(), 2u);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[1][0], "a, \"b\"");
  EXPECT_EQ(*t.column("PERIOD"), 1u);
  EXPECT_FALSE(t.column("depth").has_value());
}

TEST(Csv, WhitespaceWithoutHeader) {
  CsvTable t = parse_csv("1.0  2.0\t3\n4 5 6\r\n");
  EXPECT_TRUE(t.header.empty());
  EXPECT_EQ(t.delimiter, ' ');
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[1][2], "6");
}

// Spreadsheets save "CSV UTF-8" with a byte order mark: it is no part of the first column's
// name, and a table without a header keeps its first row as data.
TEST(Csv, ByteOrderMarkIsNotPartOfTheTable) {
  CsvTable t = parse_csv("\xEF\xBB\xBFkoi_period,koi_depth\r\n3.2,500\r\n");
  ASSERT_EQ(t.header.size(), 2u);
  EXPECT_EQ(*t.column("koi_period"), 0u);
  CsvTable rows = parse_csv(
      "\xEF\xBB\xBF"
      "1500.0,1.0\n1500.1,0.9\n");
  EXPECT_TRUE(rows.header.empty());
  ASSERT_EQ(rows.rows.size(), 2u);
  EXPECT_EQ(rows.rows[0][0], "1500.0");
}

TEST(Csv, SemicolonTablesHaveDecimalCommas) {
  // As a spreadsheet saves "CSV" where the decimal mark is the comma.
  CsvTable t =
      parse_csv("time;flux;\"note, quoted\"\r\n1738,6491;0,9987;\"a;b\"\r\n1.5;2,5e-3;x\r\n");
  EXPECT_EQ(t.delimiter, ';');
  ASSERT_EQ(t.header.size(), 3u);
  EXPECT_EQ(t.header[2], "note. quoted");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0][0], "1738.6491");
  EXPECT_EQ(t.rows[0][1], "0.9987");
  EXPECT_EQ(t.rows[0][2], "a;b");
  EXPECT_EQ(t.rows[1][0], "1.5");
  EXPECT_DOUBLE_EQ(*parse_number(t.rows[1][1]), 2.5e-3);
  // A comma table keeps its commas as separators, even with a semicolon inside quotes.
  CsvTable c = parse_csv("\"a;b\",c\n1,2\n");
  EXPECT_EQ(c.delimiter, ',');
  EXPECT_EQ(c.rows[0][1], "2");
}

TEST(Csv, RejectsJunkEmptyAndRagged) {
  EXPECT_THROW(parse_csv(std::string("ab\0cd", 5)), std::invalid_argument);
  EXPECT_THROW(parse_csv("# only a comment\n\n"), std::invalid_argument);
  EXPECT_THROW(parse_csv("a,b\n1,2\n3\n"), std::invalid_argument);
  EXPECT_THROW(parse_csv("a,b\n"), std::invalid_argument);
}

TEST(Csv, ParseNumberIsStrict) {
  EXPECT_DOUBLE_EQ(*parse_number(" 2.5e3 "), 2500.0);
  EXPECT_DOUBLE_EQ(*parse_number("+1"), 1.0);
  EXPECT_FALSE(parse_number("2.5abc").has_value());
  EXPECT_FALSE(parse_number("").has_value());
  EXPECT_FALSE(parse_number("nan").has_value());
}

TEST(Csv, CellsQuoteWhatWouldSplitThem) {
  EXPECT_EQ(csv_cell("K00752.01"), "K00752.01");
  EXPECT_EQ(csv_cell(""), "");
  EXPECT_EQ(csv_cell("two\nlines"), "\"two\nlines\"");
  // Formula injection: a leading ' makes spreadsheets show the text; numbers stay numbers.
  EXPECT_EQ(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csv_cell("+cmd"), "'+cmd");
  EXPECT_EQ(csv_cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_cell("-2+3"), "'-2+3");
  EXPECT_EQ(csv_cell("\tx"), "'\tx");
  EXPECT_EQ(csv_cell("\rx"), "\"'\rx\"");
  EXPECT_EQ(csv_cell("-1.5"), "-1.5");
  EXPECT_EQ(csv_cell("+3e-4"), "+3e-4");
  EXPECT_EQ(csv_cell("cr\rhere"), "\"cr\rhere\"");
  // What the reader splits on reads back whole.
  const std::vector<std::string> awkward = {"a,b", "say \"hi\"", ",", "\"\""};
  std::string line;
  for (const auto& cell : awkward) line += (line.empty() ? "" : ",") + csv_cell(cell);
  CsvOptions options;
  options.has_header = false;
  const CsvTable t = parse_csv(line + "\n", options);
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0], awkward);
}

TEST(FileIo, GunzipsRealDataAndRejectsMissingFiles) {
  std::string text = read_file_bytes(std::string(EXODETECT_DATA_DIR) +
                                     "/lightcurves/toi2000_tic371188886_y1_30min.csv.gz");
  EXPECT_EQ(text.rfind("time,rawflux,kspflux", 0), 0u);
  EXPECT_THROW(read_file_bytes("/nonexistent/file.csv"), std::invalid_argument);
  EXPECT_THROW(maybe_gunzip(std::string("\x1f\x8b\x08\x00junk", 8)), std::invalid_argument);
  EXPECT_EQ(maybe_gunzip("plain"), "plain");
}

TEST(FileIo, GzipRoundTripsAndIsReproducible) {
  std::string data;
  for (int i = 0; i < 20000; ++i) data += "row " + std::to_string(i % 97) + "\n";
  data.push_back('\0');  // binary content survives
  const std::string packed = gzip_bytes(data);
  EXPECT_TRUE(is_gzip(packed));
  EXPECT_LT(packed.size(), data.size() / 4);
  EXPECT_EQ(maybe_gunzip(packed), data);
  EXPECT_EQ(gzip_bytes(data), packed);  // no time stamp or name in the header
  EXPECT_EQ(maybe_gunzip(gzip_bytes("")), "");
}

TEST(FileIo, WriteFileAtomicReplacesWholeAndLeavesNoTemporaries) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("exodetect-atomic-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "model.bin").string();
  write_file_atomic(path, "first");
  write_file_atomic(path, std::string(100000, 'x'));
  EXPECT_EQ(read_file_bytes(path), std::string(100000, 'x'));
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    ++files;
    EXPECT_EQ(entry.path().filename(), "model.bin");
  }
  EXPECT_EQ(files, 1u);
  // A directory that does not exist.
  EXPECT_THROW(write_file_atomic((dir / "missing" / "model.bin").string(), "x"),
               std::runtime_error);
  std::filesystem::remove_all(dir);
}

TEST(Stats, MedianAndMad) {
  EXPECT_DOUBLE_EQ(median({3, 1, 2}), 2.0);
  EXPECT_DOUBLE_EQ(median({4, 1, 2, 3}), 2.5);
  EXPECT_NEAR(mad_sigma({1, 2, 3, 4, 100}), 1.4826, 1e-9);
  EXPECT_THROW(median({}), std::invalid_argument);
}

TEST(ThreadPool, CoversEveryIndexOnceAndRethrows) {
  std::vector<int> hits(1000, 0);
  parallel_for(hits.size(), 7, 4, [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) hits[i]++;
  });
  for (int h : hits) EXPECT_EQ(h, 1);
  EXPECT_THROW(parallel_for(10, 1, 2, [](size_t, size_t) { throw std::runtime_error("x"); }),
               std::runtime_error);
}

}  // namespace
}  // namespace exodetect::common
