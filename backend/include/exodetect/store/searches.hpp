#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace exodetect::store {

// A user's own verdict and note on one candidate of a search.
struct Annotation {
  std::string verdict;  // "planet" | "false_positive" | "unsure"
  std::string note;
  int64_t updated_ms = 0;  // unix epoch milliseconds
};

// The searches submitted with a token, by owner, and the owners' annotations (SQLite in the data
// dir, or Redis). A search's job lives in the JobQueue; this keeps who owns it. Every method
// throws std::runtime_error while the backend is unreachable.
class SearchIndex {
 public:
  virtual ~SearchIndex() = default;
  // Records `owner` (an email) as the owner of job `job_id`, created at `created_ms`.
  virtual void add(const std::string& owner, const std::string& job_id, int64_t created_ms) = 0;
  // The owner's email; nullopt for an anonymous or unknown search.
  virtual std::optional<std::string> owner(const std::string& job_id) = 0;
  // The owner's job ids, newest first, from `offset`, at most `limit`.
  virtual std::vector<std::string> list(const std::string& owner, size_t offset, size_t limit) = 0;
  virtual size_t count(const std::string& owner) = 0;
  // Forgets the search: its owner entry and its annotations. Unknown ids are ignored.
  virtual void remove(const std::string& job_id) = 0;
  // Sets (replaces) the annotation of candidate `candidate` (0-based) of the search.
  virtual void annotate(const std::string& job_id, size_t candidate, const Annotation& a) = 0;
  // Every annotation of the search, by candidate index.
  virtual std::map<size_t, Annotation> annotations(const std::string& job_id) = 0;
};

}  // namespace exodetect::store
