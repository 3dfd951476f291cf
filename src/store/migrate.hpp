#pragma once
// Moving an account's mail in and out: `cairn import` and `cairn export`.
// Everything goes in through the one ingest path (ingest.hpp), so imported
// mail is stored, parsed, counted against the quota and announced (change
// listener) like any other.
//
// import_mail(account, path):
//  - a regular file: an mbox (mbox.hpp), into options.folder (INBOX);
//  - a folder with cur/ or new/: a Maildir (INBOX) and its Maildir++
//    subfolders (".A.B", maildir.hpp) with flags, dovecot-keywords and the
//    subscriptions file (Dovecot's or Courier's);
//  - any other folder: a tree of mbox files (Dovecot's mbox layout or an
//    export): each file is a mailbox named by its path, a ".mbox" ending
//    dropped, "inbox" in any case being INBOX; ".subscriptions" is read.
// Mailboxes are created as needed (their parents too). Internal dates come
// from the From_ line (mbox) or the file's modification time (Maildir).
// Idempotent by content: a message whose stored form is already in the
// target mailbox (as many times as the source has it) is not added again,
// so a second run adds nothing and an interrupted run can be resumed.
// What cannot be imported is skipped and reported with the reason; the
// import goes on. Errors that would fail every later message as well (disk
// full, over quota, store errors) stop it and are returned.
//
// export_mail(account, path, format): a new folder (absent or empty)
// holding a Maildir++ tree as Dovecot lays it out (subscriptions, per-folder
// dovecot-keywords, "<date>.C<uid>.cairn,S=..,W=..:2,FLAGS" files holding
// the stored bytes (CRLF) with the internal date as their time), or one
// mboxrd file per mailbox
// ("<name>.mbox", levels as folders, .subscriptions). Importing an export
// gives back the same mailboxes, messages, flags, keywords, internal dates
// and subscriptions. Maildir keeps at most 26 keywords per folder
// (a..z): past that, keywords are left out and reported; mbox keeps all.
// mbox has LF line ends and cannot keep a missing final line end or a bare
// CR just before a line end: such messages come back with CRLF there.
// Blocking: call from a command, not an I/O thread.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "base/limits.hpp"
#include "base/result.hpp"
#include "store/mbox.hpp"
#include "store/store.hpp"

namespace cairn::store {

struct migrate_progress {
  std::string mailbox;
  std::uint64_t done = 0;   // messages handled in this mailbox
  std::uint64_t total = 0;  // messages in it (0 when not known in advance)
};

struct skipped_item {
  std::string where;  // a file, or "file at byte N"
  std::string why;
};

struct import_options {
  std::string folder;                 // for a single mbox file; empty: INBOX
  mbox_escaping escaping = mbox_escaping::mboxrd;
  cairn::limits lim;
  std::function<void(const migrate_progress&)> progress;  // optional
};

struct import_report {
  std::uint64_t imported = 0;
  std::uint64_t already_present = 0;
  std::uint64_t mailboxes_created = 0;
  std::uint64_t subscriptions = 0;
  std::vector<skipped_item> skipped;
};

// Errors: not_found (no such path), parse_error (a file that is not an
// mbox), and store errors that stop the import (the report so far is in
// *partial when given).
result<import_report> import_mail(account& acct, const std::filesystem::path& path, const import_options& opt,
                                  import_report* partial = nullptr);

enum class export_format { maildir, mbox };

struct export_report {
  std::uint64_t mailboxes = 0;
  std::uint64_t messages = 0;
  std::vector<skipped_item> warnings;  // keywords left out, unreadable messages
};

// Errors: already_exists (path is not an empty folder), io_error,
// disk_full, and store errors.
result<export_report> export_mail(account& acct, const std::filesystem::path& path, export_format format,
                                  const std::function<void(const migrate_progress&)>& progress = {});

}  // namespace cairn::store
