#pragma once
// `cairn check`: verifies an embedded data folder, and with `repair` mends
// what can be mended without ever deleting a referenced message.
//
// Checked, per account:
//  - SQLite's integrity_check of users.db and mail.db;
//  - every message row has its blob file, of the recorded size (and, with
//    `deep`, of the recorded SHA-256);
//  - every blob row's refcount equals the message rows that use it;
//  - every blob file has a row; every blob row with refcount 0 is waiting
//    for collection (not an error);
//  - the parsed structure kept beside each blob decodes;
//  - the full-text index (search_docs, search_fts; docs/search.md): a row
//    per blob and a blob per row, coherent states, a next document number
//    above those in use, FTS5's own integrity-check; with `deep`, every
//    indexed message's text derived again matches the hash stored when it
//    was indexed and the index finds it;
//  - leftovers of crashes: tmp.* files in blobs/, accounts/.deleted-*
//    folders, account folders no user refers to, the staging folders
//    (accounts/<id>/.backup-*) of a `cairn backup` that did not finish.
// Repaired with `repair`: refcounts recomputed; orphan blob files and
// refcount-0 rows removed; tmp files and .deleted-* folders removed;
// structures parsed again; index rows added, or handed back to the
// background indexer to be indexed again (a damaged FTS5 index is emptied
// and rebuilt that way: it is derived data). Files are touched only when older than
// `orphan_age`, so a blob written a moment ago by a running server (between
// its fsync and its commit) is never taken for an orphan. A message whose
// blob is missing or damaged is reported and left in place: only a backup
// can bring it back.
//
// Safe while `cairn serve` runs: reads share the databases (WAL); repairs
// run in short write transactions with the store's busy timeout.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "base/result.hpp"

namespace cairn::store::sqlite {

struct check_options {
  std::filesystem::path data_dir;
  bool repair = false;
  bool deep = false;  // hash every blob (reads all mail)
  std::chrono::seconds orphan_age{3600};
};

struct check_report {
  std::vector<std::string> problems;  // found and not repaired
  std::vector<std::string> repaired;  // found and mended
  std::uint64_t accounts = 0, mailboxes = 0, messages = 0, blobs = 0;
  bool clean() const { return problems.empty(); }
};

result<check_report> check_embedded(const check_options& options);

}  // namespace cairn::store::sqlite
