#pragma once

#include <string>

namespace exodetect::store {

// argon2id password hashing (libsodium), and verification in constant time. At most a quarter
// of the process's memory limit is spent on hashes at once; further calls wait their turn.
std::string hash_password(const std::string& password);
bool verify_password(const std::string& password, const std::string& hash);

}  // namespace exodetect::store
