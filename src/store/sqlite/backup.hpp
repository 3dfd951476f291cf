#pragma once
// `cairn backup`: a consistent copy of an embedded data folder, taken while
// `cairn serve` (and `cairn deliver`, ...) keep running.
//
// What "consistent" means here, per account: the copy's mail.db is one
// committed state of the account (SQLite's online backup API), and every
// blob a message of that state refers to is in the copy. users.db is copied
// first, the same way; an account created after that is not in the copy, an
// account deleted before its turn comes is left out (and its user row
// removed from the copy).
//
// How, per account (see "blob lifetime" in account.cpp):
//  1. take the account database's write lock (BEGIN IMMEDIATE on one
//     connection): nothing commits, and no blob can be collected, while it
//     is held;
//  2. copy mail.db from a second connection (the backup API, which reads
//     the latest committed state: nothing can be newer while the lock is
//     held);
//  3. hard-link every blob the copy refers to, into the copy when it is on
//     the same file system, otherwise into a staging folder beside the
//     account's own files (same file system, so linking is all that happens
//     under the lock);
//  4. release the lock; then copy the staged files across (fsynced) and
//     remove the staging folder.
// The lock is held for the database copy and one link() per blob: writers
// of that account wait that long (they retry on SQLITE_BUSY for the store's
// busy timeout); other accounts are not touched.
//
// Hard links share the file with the live folder: safe, because a blob
// file is never written again once it is in place (content-addressed,
// renamed into place whole) and removing it from one folder leaves the
// other's link.
//
// The copy is a data folder: `cairn serve --data DEST` runs on it. Every
// folder is 0700, every file 0600; everything written is fsynced before the
// call returns. DEST must not exist or be an empty folder.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "base/result.hpp"

namespace cairn::store::sqlite {

struct backup_options {
  std::filesystem::path data_dir;
  std::filesystem::path dest;
  // How long to wait for an account's write lock before giving up on it
  // (another backup, or a long write, holds it).
  int lock_timeout_ms = 30000;
};

struct backup_report {
  std::uint64_t accounts = 0;   // accounts copied
  std::uint64_t messages = 0;   // message rows in the copies
  std::uint64_t blobs = 0;      // blob files in the copies
  std::uint64_t linked = 0;     // ... hard-linked into DEST
  std::uint64_t copied = 0;     // ... copied into DEST
  std::uint64_t bytes_copied = 0;
  std::vector<std::string> notes;     // accounts left out (deleted meanwhile), ...
  std::vector<std::string> problems;  // what could not be copied (a missing blob in the source)
  bool clean() const { return problems.empty(); }
};

// Errors: already_exists (DEST not empty), not_found (no data folder),
// io_error, disk_full, busy (an account stayed locked).
result<backup_report> backup_embedded(const backup_options& options);

}  // namespace cairn::store::sqlite
