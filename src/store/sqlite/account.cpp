#include "store/sqlite/account.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cerrno>
#include <charconv>
#include <ctime>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "base/log.hpp"
#include "store/flags.hpp"
#include "store/sqlite/indexer.hpp"
#include "store/sqlite/schema.hpp"
#include "store/sqlite/search.hpp"
#include "store/uid_ranges.hpp"

// Blob lifetime. A blob file may be unlinked only when no committed row uses
// it and no row can start using it without noticing. So:
//  1. Releasing (purge, delete_mailbox) only decrements blobs.refcount; a
//     row that reaches 0 stays, as a tombstone, and the file stays.
//  2. At the start of a later write transaction (database::set_before_jobs),
//     while this process holds SQLite's write lock and before any job runs,
//     tombstones are deleted and their files unlinked, then committed with
//     the jobs. Every tombstone seen there was committed as 0 earlier, so a
//     rollback can never resurrect a reference to an unlinked file; if that
//     transaction rolls back, the tombstone stays with its file gone, which
//     is harmless (see 3).
//  3. append, holding the same write lock, checks that the file is there
//     whenever it takes a blob's refcount from 0 (new row or tombstone) to 1;
//     if it is not (collected since put_blob), the append fails with busy and
//     the ingest path puts the blob again. copy only adds references to
//     blobs whose refcount is already >= 1.
// Both steps that can unlink and the check run under the database's write
// lock, which also serializes other processes (`cairn deliver`), so a file
// never vanishes under a committed message.

namespace cairn::store::sqlite {

namespace {

#define MAILBOX_COLS "id, name, uidvalidity, uidnext, highestmodseq, special_use, recent_floor"
#define MESSAGE_COLS \
  "uid, modseq, flags, keywords, internal_date, date_offset, size, blob, saved_date, expunged"

constexpr std::uint64_t max_uid = std::numeric_limits<uid_t>::max();

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

mailbox_info read_mailbox(const statement& st) {
  mailbox_info m;
  m.id = st.int64(0);
  m.name = std::string(st.text(1));
  m.uidvalidity = static_cast<std::uint32_t>(st.int64(2));
  m.uidnext = static_cast<uid_t>(st.int64(3));
  m.highestmodseq = static_cast<modseq_t>(st.int64(4));
  m.special_use = std::string(st.text(5));
  m.recent_floor = static_cast<uid_t>(st.int64(6));
  return m;
}

result<std::optional<mailbox_info>> find_mailbox(connection& c, mailbox_id id) {
  auto st = c.prepare("SELECT " MAILBOX_COLS " FROM mailboxes WHERE id = ?1");
  if (!st) return st.error();
  st->bind(1, id);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return std::optional<mailbox_info>();
  return std::optional<mailbox_info>(read_mailbox(*st));
}

result<std::optional<mailbox_info>> find_mailbox(connection& c, std::string_view name) {
  auto st = c.prepare("SELECT " MAILBOX_COLS " FROM mailboxes WHERE name = ?1");
  if (!st) return st.error();
  st->bind_text(1, name);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return std::optional<mailbox_info>();
  return std::optional<mailbox_info>(read_mailbox(*st));
}

result<mailbox_info> need_mailbox(connection& c, mailbox_id id, errc missing = errc::not_found) {
  auto m = find_mailbox(c, id);
  if (!m) return m.error();
  if (!*m) return missing;
  return std::move(**m);
}

result<void> set_mailbox_counters(connection& c, const mailbox_info& m) {
  auto st = c.prepare("UPDATE mailboxes SET uidnext = ?2, highestmodseq = ?3 WHERE id = ?1");
  if (!st) return st.error();
  st->bind(1, m.id).bind(2, m.uidnext).bind(3, static_cast<std::int64_t>(m.highestmodseq));
  return st->run();
}

// One mailbox's keywords: numbers in the order first seen, names in the
// spelling first seen, looked up case-insensitively.
class keyword_table {
 public:
  static result<keyword_table> load(connection& c, mailbox_id box) {
    keyword_table t;
    t.box_ = box;
    auto st = c.prepare("SELECT num, name FROM keywords WHERE mailbox_id = ?1 ORDER BY num");
    if (!st) return st.error();
    st->bind(1, box);
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      auto num = static_cast<std::size_t>(st->int64(0));
      if (num != t.names_.size()) {
        log::error("keyword_numbers_gap", {{"mailbox", box}, {"num", num}});
        return errc::corrupted;
      }
      t.names_.emplace_back(st->text(1));
      t.index_.emplace(ascii_lower(t.names_.back()), static_cast<int>(num));
    }
    t.saved_ = t.names_.size();
    return t;
  }

  int find(std::string_view name) const {
    auto it = index_.find(ascii_lower(name));
    return it == index_.end() ? -1 : it->second;
  }

  // The number of `name`, added if new; limit when that would pass `max`.
  result<int> intern(std::string_view name, unsigned max) {
    if (int n = find(name); n >= 0) return n;
    if (names_.size() >= max) return errc::limit;
    names_.emplace_back(name);
    int n = static_cast<int>(names_.size() - 1);
    index_.emplace(ascii_lower(name), n);
    return n;
  }

  // `kw` in the mailbox's spelling, adding new keywords; sorted, unique.
  result<std::vector<std::string>> adopt(const std::vector<std::string>& kw, unsigned max) {
    std::vector<std::string> out;
    out.reserve(kw.size());
    for (const auto& k : kw) {
      auto n = intern(k, max);
      if (!n) return n.error();
      out.push_back(names_[static_cast<std::size_t>(*n)]);
    }
    normalize_keywords(out);
    return out;
  }

  // Writes the keywords added since load.
  result<void> save(connection& c) {
    for (; saved_ < names_.size(); ++saved_) {
      auto st = c.prepare("INSERT INTO keywords(mailbox_id, num, name) VALUES(?1, ?2, ?3)");
      if (!st) return st.error();
      st->bind(1, box_).bind(2, static_cast<std::int64_t>(saved_)).bind_text(3, names_[saved_]);
      CAIRN_TRY(st->run());
    }
    return {};
  }

  // "3 17" -> names, in stored (name) order. Unknown numbers are dropped.
  std::vector<std::string> decode(std::string_view stored) const {
    std::vector<std::string> out;
    const char* p = stored.data();
    const char* end = p + stored.size();  // UNSAFE: one past the view's end
    while (p < end) {
      unsigned n = 0;
      auto [next, ec] = std::from_chars(p, end, n);
      if (ec != std::errc()) break;
      if (n < names_.size()) out.push_back(names_[n]);
      p = next;
      while (p < end && *p == ' ') ++p;
    }
    return out;
  }

  // Sorted keywords that all exist -> "3 17", or empty for none.
  std::string encode(const std::vector<std::string>& kw) const {
    std::string out;
    for (const auto& k : kw) {
      int n = find(k);
      if (n < 0) continue;  // cannot happen: callers adopt() first
      if (!out.empty()) out += ' ';
      out += std::to_string(n);
    }
    return out;
  }

  const std::vector<std::string>& names() const { return names_; }

 private:
  mailbox_id box_ = 0;
  std::vector<std::string> names_;
  std::unordered_map<std::string, int> index_;
  std::size_t saved_ = 0;
};

message_meta read_meta(const statement& st, const keyword_table& kt) {
  message_meta m;
  m.uid = static_cast<uid_t>(st.int64(0));
  m.modseq = static_cast<modseq_t>(st.int64(1));
  m.fl.system = static_cast<std::uint8_t>(st.int64(2));
  if (!st.is_null(3)) m.fl.keywords = kt.decode(st.text(3));
  m.internal_date = {st.int64(4), static_cast<std::int32_t>(st.int64(5))};
  m.size = static_cast<std::uint64_t>(st.int64(6));
  m.blob = {hash_from_bytes(st.blob(7)), m.size};
  m.saved_date = st.int64(8);
  m.expunged = st.int64(9) != 0;
  return m;
}

// Messages of `box` within `ranges` (normalized), live only unless `any`.
result<std::vector<message_meta>> select_messages(connection& c, mailbox_id box, const uid_ranges& ranges,
                                                  bool any, const keyword_table& kt) {
  std::vector<message_meta> out;
  for (const auto& r : ranges) {
    auto st = c.prepare(any ? "SELECT " MESSAGE_COLS " FROM messages WHERE mailbox_id = ?1 "
                              "AND uid BETWEEN ?2 AND ?3 ORDER BY uid"
                            : "SELECT " MESSAGE_COLS " FROM messages WHERE mailbox_id = ?1 "
                              "AND uid BETWEEN ?2 AND ?3 AND expunged = 0 ORDER BY uid");
    if (!st) return st.error();
    st->bind(1, box).bind(2, r.first).bind(3, r.last);
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      out.push_back(read_meta(*st, kt));
    }
  }
  return out;
}

result<void> insert_message(connection& c, mailbox_id box, uid_t uid, modseq_t modseq, const flags& fl,
                            const keyword_table& kt, const zoned_time& date, std::uint64_t size,
                            std::string_view hash_bytes, std::int64_t saved) {
  auto st = c.prepare(
      "INSERT INTO messages(mailbox_id, uid, modseq, flags, keywords, internal_date, date_offset, size, "
      "blob, saved_date) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!st) return st.error();
  st->bind(1, box).bind(2, uid).bind(3, static_cast<std::int64_t>(modseq)).bind(4, fl.system & system_flags_mask);
  std::string kw = kt.encode(fl.keywords);
  if (kw.empty()) st->bind_null(5); else st->bind_text(5, kw);
  st->bind(6, date.unix_seconds).bind(7, date.offset_minutes).bind(8, static_cast<std::int64_t>(size));
  st->bind_blob(9, hash_bytes).bind(10, saved);
  return st->run();
}

// Expunge memory with a time limit (account_options::expunge_history): per
// mailbox, the highest expunge MODSEQ of each time bucket, as meta rows
// "xmark:<mailbox>:<bucket>" (zero-padded, so that key order is time order);
// "xforgot:<mailbox>" is the highest MODSEQ of the expunges forgotten. Kept
// in meta so that the schema does not change.
std::string mark_prefix(mailbox_id box) { return "xmark:" + std::to_string(box) + ":"; }
std::string mark_key(mailbox_id box, std::int64_t bucket) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "xmark:%lld:%012lld", static_cast<long long>(box), static_cast<long long>(bucket));
  return buf;
}
std::string forgot_key(mailbox_id box) { return "xforgot:" + std::to_string(box); }

result<void> mark_expunges(connection& c, mailbox_id box, modseq_t modseq, std::int64_t bucket) {
  if (bucket < 0) return {};
  auto st = c.prepare("INSERT INTO meta(key, value) VALUES(?1, ?2) "
                      "ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)");
  if (!st) return st.error();
  st->bind_text(1, mark_key(box, bucket)).bind(2, static_cast<std::int64_t>(modseq));
  return st->run();
}

// The highest MODSEQ of the expunges this mailbox no longer remembers (0:
// none forgotten).
result<modseq_t> forgotten_upto(connection& c, mailbox_id box) {
  auto st = c.prepare("SELECT value FROM meta WHERE key = ?1");
  if (!st) return st.error();
  st->bind_text(1, forgot_key(box));
  auto row = st->step();
  if (!row) return row.error();
  return *row ? static_cast<modseq_t>(st->int64(0)) : modseq_t{0};
}

// Forgets the expunges of the buckets before `cutoff`. Returns whether
// there was anything to forget.
result<bool> forget_expunges(connection& c, mailbox_id box, std::int64_t cutoff) {
  modseq_t upto = 0;
  {
    auto st = c.prepare("SELECT max(value) FROM meta WHERE key >= ?1 AND key < ?2");
    if (!st) return st.error();
    st->bind_text(1, mark_prefix(box)).bind_text(2, mark_key(box, cutoff));
    auto row = st->step();
    if (!row) return row.error();
    if (!*row || st->is_null(0)) return false;
    upto = static_cast<modseq_t>(st->int64(0));
  }
  auto old = forgotten_upto(c, box);
  if (!old) return old.error();
  for (const char* sql : {"DELETE FROM expunged_ranges WHERE mailbox_id = ?1 AND modseq <= ?2",
                          "INSERT INTO meta(key, value) VALUES(?3, ?2) "
                          "ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)",
                          "DELETE FROM meta WHERE key >= ?4 AND key < ?5"}) {
    auto st = c.prepare(sql);
    if (!st) return st.error();
    st->bind(1, box).bind(2, static_cast<std::int64_t>(std::max(upto, *old)));
    st->bind_text(3, forgot_key(box)).bind_text(4, mark_prefix(box)).bind_text(5, mark_key(box, cutoff));
    CAIRN_TRY(st->run());
  }
  return true;
}

result<void> record_expunges(connection& c, mailbox_id box, modseq_t modseq, std::vector<uid_t> uids,
                             std::int64_t mark_bucket) {
  if (!uids.empty()) CAIRN_TRY(mark_expunges(c, box, modseq, mark_bucket));
  for (const auto& r : to_ranges(std::move(uids))) {
    auto st = c.prepare(
        "INSERT INTO expunged_ranges(mailbox_id, modseq, first_uid, last_uid) VALUES(?1, ?2, ?3, ?4)");
    if (!st) return st.error();
    st->bind(1, box).bind(2, static_cast<std::int64_t>(modseq)).bind(3, r.first).bind(4, r.last);
    CAIRN_TRY(st->run());
  }
  return {};
}

// Marks live `uids` of `box` expunged at `modseq` and remembers them.
result<void> expunge_rows(connection& c, mailbox_id box, modseq_t modseq, const std::vector<uid_t>& uids,
                          std::int64_t mark_bucket) {
  for (uid_t u : uids) {
    auto st = c.prepare("UPDATE messages SET expunged = 1, modseq = ?3 WHERE mailbox_id = ?1 AND uid = ?2");
    if (!st) return st.error();
    st->bind(1, box).bind(2, u).bind(3, static_cast<std::int64_t>(modseq));
    CAIRN_TRY(st->run());
  }
  return record_expunges(c, box, modseq, uids, mark_bucket);
}

// Takes one reference per message row of `box` matching the filter away from
// its blob (see "blob lifetime"), then deletes those rows.
result<std::int64_t> release_rows(connection& c, mailbox_id box, bool only_expunged, modseq_t upto) {
  auto rel = c.prepare(
      only_expunged
          ? "UPDATE blobs SET refcount = refcount - m.n FROM (SELECT blob, count(*) AS n FROM messages "
            "WHERE mailbox_id = ?1 AND expunged = 1 AND modseq <= ?2 GROUP BY blob) AS m "
            "WHERE blobs.hash = m.blob"
          : "UPDATE blobs SET refcount = refcount - m.n FROM (SELECT blob, count(*) AS n FROM messages "
            "WHERE mailbox_id = ?1 GROUP BY blob) AS m WHERE blobs.hash = m.blob");
  if (!rel) return rel.error();
  rel->bind(1, box);
  if (only_expunged) rel->bind(2, static_cast<std::int64_t>(upto));
  CAIRN_TRY(rel->run());
  auto del = c.prepare(only_expunged
                           ? "DELETE FROM messages WHERE mailbox_id = ?1 AND expunged = 1 AND modseq <= ?2"
                           : "DELETE FROM messages WHERE mailbox_id = ?1");
  if (!del) return del.error();
  del->bind(1, box);
  if (only_expunged) del->bind(2, static_cast<std::int64_t>(upto));
  CAIRN_TRY(del->run());
  return c.changes();
}

// Past this many expunge records in one mailbox, purge() merges the purged
// ones into fewer (see changes::expunged on what that costs a client).
constexpr std::int64_t expunged_ranges_compact_at = 1000;

result<void> compact_expunged(connection& c, mailbox_id box, modseq_t upto) {
  {
    auto st = c.prepare("SELECT count(*) FROM expunged_ranges WHERE mailbox_id = ?1");
    if (!st) return st.error();
    st->bind(1, box);
    auto row = st->step();
    if (!row) return row.error();
    if (st->int64(0) < expunged_ranges_compact_at) return {};
  }
  uid_ranges merged;
  modseq_t top = 0;
  {
    auto st = c.prepare(
        "SELECT modseq, first_uid, last_uid FROM expunged_ranges WHERE mailbox_id = ?1 AND modseq <= ?2");
    if (!st) return st.error();
    st->bind(1, box).bind(2, static_cast<std::int64_t>(upto));
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      top = std::max(top, static_cast<modseq_t>(st->int64(0)));
      merged.push_back({static_cast<uid_t>(st->int64(1)), static_cast<uid_t>(st->int64(2))});
    }
  }
  if (merged.empty()) return {};
  {
    auto st = c.prepare("DELETE FROM expunged_ranges WHERE mailbox_id = ?1 AND modseq <= ?2");
    if (!st) return st.error();
    st->bind(1, box).bind(2, static_cast<std::int64_t>(upto));
    CAIRN_TRY(st->run());
  }
  for (const auto& r : normalize(std::move(merged))) {
    auto st = c.prepare(
        "INSERT INTO expunged_ranges(mailbox_id, modseq, first_uid, last_uid) VALUES(?1, ?2, ?3, ?4)");
    if (!st) return st.error();
    st->bind(1, box).bind(2, static_cast<std::int64_t>(top)).bind(3, r.first).bind(4, r.last);
    CAIRN_TRY(st->run());
  }
  return {};
}

// A UIDVALIDITY never handed out before in this account: at least the clock
// (so a re-created mail.db is unlikely to repeat an old one), and always
// above the last one given.
result<std::uint32_t> next_uidvalidity(connection& c) {
  std::int64_t last = 0;
  {
    auto st = c.prepare("SELECT value FROM meta WHERE key = 'last_uidvalidity'");
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    if (*row) last = st->int64(0);
  }
  std::int64_t v = std::max(now_seconds(), last + 1);
  if (v > static_cast<std::int64_t>(std::numeric_limits<std::uint32_t>::max())) return errc::limit;
  auto st = c.prepare(
      "INSERT INTO meta(key, value) VALUES('last_uidvalidity', ?1) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!st) return st.error();
  st->bind(1, v);
  CAIRN_TRY(st->run());
  return static_cast<std::uint32_t>(v);
}

result<mailbox_info> insert_mailbox(connection& c, std::string_view name, std::string_view special_use,
                                    unsigned max_mailboxes) {
  {
    auto st = c.prepare("SELECT count(*) FROM mailboxes");
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    if (st->int64(0) >= static_cast<std::int64_t>(max_mailboxes)) return errc::limit;
  }
  auto existing = find_mailbox(c, name);
  if (!existing) return existing.error();
  if (*existing) return errc::already_exists;
  auto uv = next_uidvalidity(c);
  if (!uv) return uv.error();
  auto st = c.prepare(
      "INSERT INTO mailboxes(name, uidvalidity, uidnext, highestmodseq, special_use, recent_floor) "
      "VALUES(?1, ?2, 1, 1, ?3, 1) RETURNING " MAILBOX_COLS);
  if (!st) return st.error();
  st->bind_text(1, name).bind(2, *uv).bind_text(3, special_use);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return errc::internal;
  mailbox_info m = read_mailbox(*st);
  CAIRN_TRY(st->run());  // RETURNING: step to the end so the insert completes
  return m;
}

// Copies `rows` (live messages of `src`, ascending) into `dst` with new UIDs,
// and for a move expunges them from `src`. Fills `out`.
result<void> copy_rows(connection& c, const mailbox_info& src, const std::vector<message_meta>& rows,
                       mailbox_info dst, bool move, unsigned max_keywords, copy_result& out,
                       std::int64_t mark_bucket) {
  out.uidvalidity = dst.uidvalidity;
  if (rows.empty()) return {};
  if (dst.uidnext + rows.size() - 1 > max_uid) return errc::limit;
  auto kt = keyword_table::load(c, dst.id);
  if (!kt) return kt.error();
  const modseq_t modseq = dst.highestmodseq + 1;
  const std::int64_t now = now_seconds();
  for (const auto& m : rows) {
    flags fl = m.fl;
    auto kw = kt->adopt(fl.keywords, max_keywords);
    if (!kw) return kw.error();
    fl.keywords = std::move(*kw);
    uid_t uid = dst.uidnext++;
    std::string hash = hash_to_bytes(m.blob.hash);
    CAIRN_TRY(insert_message(c, dst.id, uid, modseq, fl, *kt, m.internal_date, m.size, hash, now));
    // The source row holds a reference, so this blob's refcount is >= 1.
    auto st = c.prepare("UPDATE blobs SET refcount = refcount + 1 WHERE hash = ?1");
    if (!st) return st.error();
    st->bind_blob(1, hash);
    CAIRN_TRY(st->run());
    if (c.changes() != 1) {
      log::error("blob_row_missing", {{"hash", m.blob.hash}});
      return errc::corrupted;
    }
    out.source_uids.push_back(m.uid);
    out.dest_uids.push_back(uid);
  }
  CAIRN_TRY(kt->save(c));
  dst.highestmodseq = modseq;
  CAIRN_TRY(set_mailbox_counters(c, dst));
  if (move) {
    // Copying within one mailbox: one call, one new MODSEQ for the mailbox.
    mailbox_info s = src.id == dst.id ? dst : src;
    if (src.id != dst.id) s.highestmodseq += 1;
    out.source_modseq = s.highestmodseq;
    CAIRN_TRY(expunge_rows(c, s.id, s.highestmodseq, out.source_uids, mark_bucket));
    CAIRN_TRY(set_mailbox_counters(c, s));
  }
  return {};
}

// -- Quota -------------------------------------------------------------------
// Usage is kept by triggers (schema.cpp, mail_v3_quota); limits are the
// account's own rows in quota_limits over the configured defaults.

result<quota_info> read_quota(connection& c, const quota_limits& defaults) {
  quota_info q;
  {
    auto st = c.prepare("SELECT bytes, messages FROM quota_usage WHERE id = 1");
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return errc::corrupted;
    // A negative count would mean the triggers missed a change; show 0
    // rather than a huge unsigned number.
    q.storage_used = static_cast<std::uint64_t>(std::max<std::int64_t>(0, st->int64(0)));
    q.messages_used = static_cast<std::uint64_t>(std::max<std::int64_t>(0, st->int64(1)));
  }
  q.limits = defaults;
  auto st = c.prepare("SELECT resource, value FROM quota_limits");
  if (!st) return st.error();
  for (;;) {
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) break;
    const std::string_view res = st->text(0);
    quota_setting s;
    if (st->is_null(1)) {
      s.how = quota_setting::kind::unlimited;
    } else {
      s.how = quota_setting::kind::limit;
      s.value = static_cast<std::uint64_t>(std::max<std::int64_t>(0, st->int64(1)));
    }
    std::optional<std::uint64_t> in_force;
    if (s.how == quota_setting::kind::limit) in_force = s.value;
    if (res == "storage") {
      q.own.storage = s;
      q.limits.storage = in_force;
    } else if (res == "messages") {
      q.own.messages = s;
      q.limits.messages = in_force;
    }
  }
  return q;
}

// over_quota when adding `messages` messages of `bytes` bytes in all would
// take the usage past a limit in force.
result<void> check_quota(connection& c, const quota_limits& defaults, std::uint64_t messages,
                         std::uint64_t bytes) {
  if (messages == 0) return {};
  auto q = read_quota(c, defaults);
  if (!q) return q.error();
  if (q->limits.messages && q->messages_used + messages > *q->limits.messages) return errc::over_quota;
  if (q->limits.storage && q->storage_used + bytes > *q->limits.storage) return errc::over_quota;
  return {};
}

// Sorted, unique, non-zero.
std::vector<uid_t> clean_uids(std::vector<uid_t> uids) {
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  std::erase(uids, uid_t{0});
  return uids;
}

}  // namespace

// -- listener_slot -----------------------------------------------------------

void listener_slot::set(std::function<void(const change_event&)> fn) {
  auto p = std::make_shared<const std::function<void(const change_event&)>>(std::move(fn));
  std::lock_guard lk(mu_);
  fn_ = std::move(p);
}

void listener_slot::notify(const change_event& e) const {
  std::shared_ptr<const std::function<void(const change_event&)>> f;
  {
    std::lock_guard lk(mu_);
    f = fn_;
  }
  if (f && *f) (*f)(e);
}

// -- sqlite_account ------------------------------------------------------------

sqlite_account::sqlite_account(std::string id, std::filesystem::path dir, const account_options& opt,
                               std::shared_ptr<const listener_slot> listener)
    : id_(std::move(id)),
      dir_(std::move(dir)),
      opt_(opt),
      listener_(std::move(listener)),
      blobs_(dir_ / "blobs") {}

result<std::shared_ptr<sqlite_account>> sqlite_account::open(std::string id, const std::filesystem::path& dir,
                                                             const account_options& opt,
                                                             std::shared_ptr<const listener_slot> listener,
                                                             bool create) {
  const auto db_file = dir / "mail.db";
  std::error_code ec;
  if (!create && !std::filesystem::exists(db_file, ec)) return errc::not_found;
  const auto blobs = dir / "blobs";
  if (::mkdir(blobs.c_str(), 0700) != 0 && errno != EEXIST) {
    log::warn("blobs_mkdir_failed", {{"path", blobs.string()}, {"errno", errno}});
    return errno == ENOSPC ? errc::disk_full : errc::io_error;
  }
  std::shared_ptr<sqlite_account> a(new sqlite_account(std::move(id), dir, opt, std::move(listener)));
  auto db = database::open(db_file, opt.db, mail_schema());
  if (!db) return db.error();
  a->db_ = std::move(*db);
  if (auto v = check_search_version(*a->db_); !v) return v.error();
  sqlite_account* self = a.get();
  a->db_->set_before_jobs([self](connection& c) {
    // Collect tombstones (see "blob lifetime"). Bounded per transaction so
    // a big purge does not hold the write lock for long; the next
    // transaction takes the rest.
    std::vector<std::string> hashes;
    {
      // A blob whose text is still in the full-text index waits until the
      // indexer has removed it (the text is derived again from the file).
      auto st = c.prepare(
          "SELECT hash FROM blobs WHERE refcount = 0 AND NOT EXISTS "
          "(SELECT 1 FROM search_docs d WHERE d.blob_id = blobs.id AND d.fts = 1) LIMIT 500");
      if (!st) return;
      for (;;) {
        auto row = st->step();
        if (!row || !*row) break;
        hashes.emplace_back(st->blob(0));
      }
    }
    for (const auto& h : hashes) {
      auto st = c.prepare("DELETE FROM blobs WHERE hash = ?1 AND refcount = 0");
      if (!st) return;
      st->bind_blob(1, h);
      if (!st->run() || c.changes() != 1) continue;
      self->blobs_.remove(hash_from_bytes(h));
    }
  });
  return a;
}

std::int64_t sqlite_account::expunge_bucket(std::int64_t offset_seconds) const {
  const std::int64_t history = opt_.expunge_history.count();
  if (history <= 0) return -1;
  // About 24 buckets over the memory, at most an hour each: "forgotten
  // after N days" holds to within an hour.
  const std::int64_t unit = std::clamp<std::int64_t>(history / 24, 1, 3600);
  return std::max<std::int64_t>(0, now_seconds() + offset_seconds) / unit;
}

void sqlite_account::set_indexer(std::weak_ptr<search_indexer> indexer, std::weak_ptr<sqlite_account> self) {
  indexer_ = std::move(indexer);
  self_ = std::move(self);
}

void sqlite_account::wake_indexer(std::chrono::milliseconds delay) const {
  auto ix = indexer_.lock();
  auto self = self_.lock();
  if (ix && self) ix->wake(self, delay);
}

void sqlite_account::release_text() {
  // Bounded: each round removes up to 256 texts, and there are at most as
  // many as blobs were released (plus what other processes released).
  for (int round = 0; round < 100000; ++round) {
    auto w = sqlite::index_some(*db_, blobs_, 256, opt_.search_index_text, true);
    if (!w) {
      // The indexer retries; until then the blobs wait (account.cpp, collector).
      log::warn("search_release_failed", {{"account", id_}, {"error", w.error().message()}});
      wake_indexer();
      break;
    }
    if (!w->more) break;
  }
  (void)collect_blobs();
}

result<index_work> sqlite_account::index_some(std::size_t max) {
  if (deleted_) return errc::not_found;
  auto w = sqlite::index_some(*db_, blobs_, max, opt_.search_index_text);
  if (w && w->removed + w->stale > 0) (void)collect_blobs();  // their files may go now
  return w;
}

void sqlite_account::notify_after(write_context& ctx, mailbox_id box, modseq_t modseq) const {
  ctx.after_commit.push_back([l = listener_, e = change_event{id_, box, modseq}] { l->notify(e); });
}

result<void> sqlite_account::collect_blobs() {
  // An empty job: the transaction that carries it starts with the collector.
  return db_->write([](write_context&) -> result<void> { return {}; });
}

// -- Mailboxes ---------------------------------------------------------------

result<std::vector<mailbox_info>> sqlite_account::mailboxes() {
  if (deleted_) return errc::not_found;
  return db_->read<std::vector<mailbox_info>>([](connection& c) -> result<std::vector<mailbox_info>> {
    // BINARY collation: byte order, as the contract says.
    auto st = c.prepare("SELECT " MAILBOX_COLS " FROM mailboxes ORDER BY name");
    if (!st) return st.error();
    std::vector<mailbox_info> out;
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      out.push_back(read_mailbox(*st));
    }
    return out;
  });
}

result<mailbox_info> sqlite_account::mailbox(std::string_view name) {
  if (deleted_) return errc::not_found;
  return db_->read<mailbox_info>([&](connection& c) -> result<mailbox_info> {
    auto m = find_mailbox(c, name);
    if (!m) return m.error();
    if (!*m) return errc::not_found;
    return std::move(**m);
  });
}

result<mailbox_info> sqlite_account::mailbox(mailbox_id id) {
  if (deleted_) return errc::not_found;
  return db_->read<mailbox_info>([&](connection& c) { return need_mailbox(c, id); });
}

result<mailbox_info> sqlite_account::create_mailbox(std::string_view name, std::string_view special_use) {
  if (deleted_) return errc::not_found;
  if (name.empty()) return errc::bad_mailbox_name;
  mailbox_info out;
  auto r = db_->write([&](write_context& ctx) -> result<void> {
    auto m = insert_mailbox(ctx.conn, name, special_use, opt_.mailboxes_per_account);
    if (!m) return m.error();
    out = std::move(*m);
    notify_after(ctx, 0, 0);
    return {};
  });
  if (!r) return r.error();
  return out;
}

result<void> sqlite_account::delete_mailbox(std::string_view name) {
  if (deleted_) return errc::not_found;
  if (name == "INBOX") return errc::cannot;
  bool released = false;
  auto r = db_->write([&](write_context& ctx) -> result<void> {
    connection& c = ctx.conn;
    auto m = find_mailbox(c, name);
    if (!m) return m.error();
    if (!*m) return errc::not_found;
    const mailbox_id id = (*m)->id;
    auto n = release_rows(c, id, false, 0);
    if (!n) return n.error();
    released = *n > 0;
    for (const char* sql : {"DELETE FROM keywords WHERE mailbox_id = ?1",
                            "DELETE FROM expunged_ranges WHERE mailbox_id = ?1",
                            "DELETE FROM mailboxes WHERE id = ?1",
                            "DELETE FROM meta WHERE (key >= ?2 AND key < ?3) OR key = ?4"}) {
      auto st = c.prepare(sql);
      if (!st) return st.error();
      st->bind(1, id);
      if (std::string_view(sql).find("?2") != std::string_view::npos)
        st->bind_text(2, mark_prefix(id)).bind_text(3, mark_key(id, 999999999999)).bind_text(4, forgot_key(id));
      CAIRN_TRY(st->run());
    }
    notify_after(ctx, 0, 0);
    notify_after(ctx, id, 0);
    return {};
  });
  if (!r) return r;
  // The delete is durable; removing files is housekeeping, its failure is
  // only logged (a later transaction or `cairn check` retries).
  if (released) release_text();
  return {};
}

result<void> sqlite_account::rename_mailbox(std::string_view from, std::string_view to) {
  if (deleted_) return errc::not_found;
  if (from.empty() || to.empty()) return errc::bad_mailbox_name;
  const std::string from_s(from), to_s(to);

  if (from == "INBOX") {
    // RFC 9051 section 6.3.6: a new mailbox gets INBOX's messages; INBOX
    // stays, keeps its UIDVALIDITY, and its UIDNEXT does not go back.
    return db_->write([&](write_context& ctx) -> result<void> {
      connection& c = ctx.conn;
      auto inbox = find_mailbox(c, std::string_view("INBOX"));
      if (!inbox) return inbox.error();
      if (!*inbox) return errc::not_found;
      auto dst = insert_mailbox(c, to, {}, opt_.mailboxes_per_account);
      if (!dst) return dst.error();
      auto kt = keyword_table::load(c, (*inbox)->id);
      if (!kt) return kt.error();
      auto rows = select_messages(c, (*inbox)->id, {{1, static_cast<uid_t>(max_uid)}}, false, *kt);
      if (!rows) return rows.error();
      copy_result cr;
      CAIRN_TRY(copy_rows(c, **inbox, *rows, *dst, true, opt_.keywords_per_mailbox, cr, expunge_bucket()));
      notify_after(ctx, 0, 0);
      if (!cr.source_uids.empty()) {
        notify_after(ctx, (*inbox)->id, cr.source_modseq);
        notify_after(ctx, dst->id, dst->highestmodseq + 1);
      }
      return {};
    });
  }

  if (from == to) return errc::already_exists;
  if (to.size() > from.size() && to.substr(0, from.size()) == from && to[from.size()] == '/')
    return errc::cannot;  // under itself

  return db_->write([&](write_context& ctx) -> result<void> {
    connection& c = ctx.conn;
    // The mailbox and everything below it. In byte order "from/" sorts just
    // below "from0" ('/' + 1 == '0'), so the children are one index range.
    std::vector<std::pair<mailbox_id, std::string>> sources;
    {
      auto st = c.prepare(
          "SELECT id, name FROM mailboxes WHERE name = ?1 OR (name > ?2 AND name < ?3) ORDER BY name");
      if (!st) return st.error();
      st->bind_text(1, from_s).bind_text(2, from_s + "/").bind_text(3, from_s + "0");
      for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        sources.emplace_back(st->int64(0), std::string(st->text(1)));
      }
    }
    if (sources.empty()) return errc::not_found;
    std::unordered_set<std::string> source_names;
    for (const auto& s : sources) source_names.insert(s.second);

    std::vector<std::string> targets;
    for (const auto& [id, name] : sources) {
      std::string t = to_s + name.substr(from_s.size());
      if (t.size() > opt_.mailbox_name_bytes) return errc::too_large;
      if (static_cast<unsigned>(std::count(t.begin(), t.end(), '/')) + 1 > opt_.mailbox_depth)
        return errc::too_deep;
      if (!source_names.count(t)) {
        auto e = find_mailbox(c, std::string_view(t));
        if (!e) return e.error();
        if (*e) return errc::already_exists;
      }
      targets.push_back(std::move(t));
    }
    // Two passes, so that a target that is also a source's current name
    // (renaming "a/b" to "a" moves "a/b/b" to "a/b") never collides midway.
    // Valid names hold no control characters, so "\x01<id>" is free.
    for (int pass = 0; pass < 2; ++pass) {
      for (std::size_t i = 0; i < sources.size(); ++i) {
        auto st = c.prepare("UPDATE mailboxes SET name = ?2 WHERE id = ?1");
        if (!st) return st.error();
        st->bind(1, sources[i].first);
        if (pass == 0)
          st->bind_text(2, "\x01" + std::to_string(sources[i].first));
        else
          st->bind_text(2, targets[i]);
        CAIRN_TRY(st->run());
      }
    }
    notify_after(ctx, 0, 0);
    return {};
  });
}

result<std::vector<std::string>> sqlite_account::subscriptions() {
  if (deleted_) return errc::not_found;
  return db_->read<std::vector<std::string>>([](connection& c) -> result<std::vector<std::string>> {
    auto st = c.prepare("SELECT name FROM subscriptions ORDER BY name");
    if (!st) return st.error();
    std::vector<std::string> out;
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      out.emplace_back(st->text(0));
    }
    return out;
  });
}

result<void> sqlite_account::set_subscribed(std::string_view name, bool subscribed) {
  if (deleted_) return errc::not_found;
  if (name.empty()) return errc::bad_mailbox_name;
  return db_->write([&](write_context& ctx) -> result<void> {
    auto st = ctx.conn.prepare(subscribed ? "INSERT OR IGNORE INTO subscriptions(name) VALUES(?1)"
                                          : "DELETE FROM subscriptions WHERE name = ?1");
    if (!st) return st.error();
    st->bind_text(1, name);
    return st->run();
  });
}

result<mailbox_counts> sqlite_account::counts(mailbox_id box) {
  if (deleted_) return errc::not_found;
  return db_->read<mailbox_counts>([&](connection& c) -> result<mailbox_counts> {
    auto m = need_mailbox(c, box);
    if (!m) return m.error();
    auto st = c.prepare(
        "SELECT count(*), coalesce(sum((flags & 1) = 0), 0), coalesce(sum((flags & 8) != 0), 0), "
        "coalesce(sum(size), 0), coalesce(sum(CASE WHEN flags & 8 THEN size ELSE 0 END), 0), "
        "coalesce(sum(uid >= ?2), 0) FROM messages WHERE mailbox_id = ?1 AND expunged = 0");
    if (!st) return st.error();
    st->bind(1, box).bind(2, m->recent_floor);
    auto row = st->step();
    if (!row) return row.error();
    mailbox_counts n;
    n.messages = static_cast<std::uint32_t>(st->int64(0));
    n.unseen = static_cast<std::uint32_t>(st->int64(1));
    n.deleted = static_cast<std::uint32_t>(st->int64(2));
    n.size = static_cast<std::uint64_t>(st->int64(3));
    n.deleted_size = static_cast<std::uint64_t>(st->int64(4));
    n.recent = static_cast<std::uint32_t>(st->int64(5));
    return n;
  });
}

result<std::vector<std::string>> sqlite_account::keywords(mailbox_id box) {
  if (deleted_) return errc::not_found;
  return db_->read<std::vector<std::string>>([&](connection& c) -> result<std::vector<std::string>> {
    CAIRN_TRY(need_mailbox(c, box));
    auto kt = keyword_table::load(c, box);
    if (!kt) return kt.error();
    return kt->names();
  });
}

// -- Messages ----------------------------------------------------------------

result<append_result> sqlite_account::append(mailbox_id box, std::vector<new_message> msgs) {
  if (deleted_) return errc::not_found;
  for (const auto& m : msgs)
    if (!valid_hash(m.blob.hash)) return errc::internal;  // not from put_blob
  append_result out;
  bool index_deferred = false;
  auto r = db_->write([&](write_context& ctx) -> result<void> {
    connection& c = ctx.conn;
    index_deferred = false;
    auto mb = need_mailbox(c, box, errc::try_create);
    if (!mb) return mb.error();
    out.uidvalidity = mb->uidvalidity;
    out.uids.clear();
    if (msgs.empty()) return {};
    if (mb->uidnext + msgs.size() - 1 > max_uid) return errc::limit;
    {
      std::uint64_t bytes = 0;
      for (const auto& m : msgs) bytes += m.blob.size;
      CAIRN_TRY(check_quota(c, opt_.default_quota, msgs.size(), bytes));
    }
    auto kt = keyword_table::load(c, box);
    if (!kt) return kt.error();
    const modseq_t modseq = mb->highestmodseq + 1;
    const std::int64_t now = now_seconds();
    for (const auto& m : msgs) {
      flags fl = m.fl;
      auto kw = kt->adopt(fl.keywords, opt_.keywords_per_mailbox);
      if (!kw) return kw.error();
      fl.keywords = std::move(*kw);
      const std::string hash = hash_to_bytes(m.blob.hash);
      auto st = c.prepare(
          "INSERT INTO blobs(hash, size, refcount, parsed) VALUES(?1, ?2, 1, ?3) "
          "ON CONFLICT(hash) DO UPDATE SET refcount = refcount + 1, "
          "parsed = coalesce(parsed, excluded.parsed) RETURNING refcount");
      if (!st) return st.error();
      st->bind_blob(1, hash).bind(2, static_cast<std::int64_t>(m.blob.size));
      if (m.parsed.empty()) st->bind_null(3); else st->bind_blob(3, m.parsed);
      auto row = st->step();
      if (!row) return row.error();
      const bool first_reference = *row && st->int64(0) == 1;
      CAIRN_TRY(st->run());
      if (first_reference) {
        // See "blob lifetime", step 3.
        auto size = blobs_.size_of(m.blob.hash);
        if (!size) return size.error() == errc::not_found ? errc::busy : size.error();
        if (*size != m.blob.size) {
          log::error("blob_size_mismatch", {{"hash", m.blob.hash}, {"size", *size}});
          return errc::corrupted;
        }
      }
      uid_t uid = mb->uidnext++;
      CAIRN_TRY(insert_message(c, box, uid, modseq, fl, *kt, m.internal_date, m.blob.size, hash, now));
      CAIRN_TRY(search_on_append(c, hash, m.search.get(), index_deferred));
      out.uids.push_back(uid);
    }
    CAIRN_TRY(kt->save(c));
    mb->highestmodseq = modseq;
    CAIRN_TRY(set_mailbox_counters(c, *mb));
    out.modseq = modseq;
    notify_after(ctx, box, modseq);
    return {};
  });
  if (!r) return r.error();
  // New mail waits a moment (indexer.hpp): the client's next commands
  // first, and a burst in one batch.
  if (index_deferred) wake_indexer(opt_.index_later ? new_mail_index_delay : std::chrono::milliseconds(0));
  return out;
}

result<std::vector<message_meta>> sqlite_account::messages(mailbox_id box, const std::optional<uid_ranges>& only) {
  if (deleted_) return errc::not_found;
  uid_ranges ranges = only ? normalize(*only) : uid_ranges{{1, static_cast<uid_t>(max_uid)}};
  return db_->read<std::vector<message_meta>>([&](connection& c) -> result<std::vector<message_meta>> {
    CAIRN_TRY(need_mailbox(c, box));
    auto kt = keyword_table::load(c, box);
    if (!kt) return kt.error();
    return select_messages(c, box, ranges, false, *kt);
  });
}

result<std::vector<message_meta>> sqlite_account::messages_any(mailbox_id box, const uid_ranges& uids) {
  if (deleted_) return errc::not_found;
  uid_ranges ranges = normalize(uids);
  return db_->read<std::vector<message_meta>>([&](connection& c) -> result<std::vector<message_meta>> {
    CAIRN_TRY(need_mailbox(c, box));
    auto kt = keyword_table::load(c, box);
    if (!kt) return kt.error();
    return select_messages(c, box, ranges, true, *kt);
  });
}

result<std::vector<message_flags>> sqlite_account::flags_of(mailbox_id box, const std::optional<uid_ranges>& only,
                                                            bool any) {
  if (deleted_) return errc::not_found;
  if (opt_.flags_rows) return cached_flags(box, only, any);
  uid_ranges ranges = only ? normalize(*only) : uid_ranges{{1, static_cast<uid_t>(max_uid)}};
  return db_->read<std::vector<message_flags>>([&](connection& c) -> result<std::vector<message_flags>> {
    CAIRN_TRY(need_mailbox(c, box));
    auto kt = keyword_table::load(c, box);
    if (!kt) return kt.error();
    std::vector<message_flags> out;
    for (const auto& r : ranges) {
      auto st = c.prepare(any ? "SELECT uid, flags, keywords, expunged FROM messages WHERE mailbox_id = ?1 "
                                "AND uid BETWEEN ?2 AND ?3 ORDER BY uid"
                              : "SELECT uid, flags, keywords, expunged FROM messages WHERE mailbox_id = ?1 "
                                "AND uid BETWEEN ?2 AND ?3 AND expunged = 0 ORDER BY uid");
      if (!st) return st.error();
      st->bind(1, box).bind(2, r.first).bind(3, r.last);
      for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        message_flags m;
        m.uid = static_cast<uid_t>(st->int64(0));
        m.fl.system = static_cast<std::uint8_t>(st->int64(1));
        if (!st->is_null(2)) m.fl.keywords = kt->decode(st->text(2));
        m.expunged = st->int64(3) != 0;
        out.push_back(std::move(m));
      }
    }
    return out;
  });
}

result<account::listing> sqlite_account::select_listing(mailbox_id box) {
  if (deleted_) return errc::not_found;
  if (!opt_.flags_rows) return account::select_listing(box);
  auto f = opt_.flags_rows->get(id_, box);
  std::unique_lock lk(f->mu);
  CAIRN_TRY(refresh_flags(*f, box));
  if (!f->live) {
    listing l;
    l.uids.reserve(f->rows.size() - f->expunged_rows);
    for (const auto& m : f->rows) {
      if (m.expunged) continue;
      if (!l.first_unseen && !(m.fl.system & flag_seen)) l.first_unseen = l.uids.size();
      l.uids.push_back(m.uid);
    }
    f->live = std::move(l);
  }
  listing out = *f->live;
  const std::size_t n = f->rows.size();
  lk.unlock();
  opt_.flags_rows->used(id_, box, n);
  return out;
}

result<std::vector<message_flags>> sqlite_account::cached_flags(mailbox_id box, const std::optional<uid_ranges>& only,
                                                                bool any) {
  auto f = opt_.flags_rows->get(id_, box);
  std::unique_lock lk(f->mu);
  CAIRN_TRY(refresh_flags(*f, box));
  std::vector<message_flags> out;
  const auto& rows = f->rows;
  if (!only) {
    out.reserve(rows.size());
    for (const auto& r : rows)
      if (any || !r.expunged) out.push_back(r);
  } else {
    for (const auto& range : normalize(*only)) {
      auto it = std::lower_bound(rows.begin(), rows.end(), range.first,
                                 [](const message_flags& r, uid_t u) { return r.uid < u; });
      for (; it != rows.end() && it->uid <= range.last; ++it)
        if (any || !it->expunged) out.push_back(*it);
    }
  }
  const std::size_t n = rows.size();
  lk.unlock();
  opt_.flags_rows->used(id_, box, n);
  return out;
}

result<void> sqlite_account::refresh_flags(mailbox_flags& entry, mailbox_id box) {
  mailbox_flags* f = &entry;
  // One read transaction: the entry ends exactly as new as the mailbox's
  // HIGHESTMODSEQ read here (sort_cache.hpp).
  auto done = db_->read<bool>([&](connection& c) -> result<bool> {
    auto m = need_mailbox(c, box);
    if (!m) return m.error();
    auto forgot = forgotten_upto(c, box);
    if (!forgot) return forgot.error();
    // The keyword table only when rows are read (not when nothing changed).
    std::optional<keyword_table> kt;
    auto read_row = [&](statement& st) -> result<message_flags> {
      message_flags x;
      x.uid = static_cast<uid_t>(st.int64(0));
      x.fl.system = static_cast<std::uint8_t>(st.int64(1));
      if (!st.is_null(2)) {
        if (!kt) {
          auto t = keyword_table::load(c, box);
          if (!t) return t.error();
          kt = std::move(*t);
        }
        x.fl.keywords = kt->decode(st.text(2));
      }
      x.expunged = st.int64(3) != 0;
      return x;
    };
    // (A MODSEQ below the cached one: the database was put back from a
    // copy under the running server; nothing cached can be trusted.)
    const bool whole = !f->valid || f->uidvalidity != m->uidvalidity || *forgot > f->modseq ||
                       m->highestmodseq < f->modseq;
    f->valid = false;  // until this transaction is through
    auto& rows = f->rows;
    if (whole) {
      rows.clear();
      auto st = c.prepare("SELECT uid, flags, keywords, expunged FROM messages WHERE mailbox_id = ?1 ORDER BY uid");
      if (!st) return st.error();
      st->bind(1, box);
      for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        auto x = read_row(*st);
        if (!x) return x.error();
        rows.push_back(std::move(*x));
      }
      f->changed();
    } else {
      if (m->highestmodseq != f->modseq) {
        // Rows changed since: flags, expunges, new messages.
        auto st = c.prepare("SELECT uid, flags, keywords, expunged FROM messages INDEXED BY messages_modseq "
                            "WHERE mailbox_id = ?1 AND modseq > ?2");
        if (!st) return st.error();
        st->bind(1, box).bind(2, static_cast<std::int64_t>(f->modseq));
        std::vector<message_flags> added;
        for (;;) {
          auto row = st->step();
          if (!row) return row.error();
          if (!*row) break;
          auto got = read_row(*st);
          if (!got) return got.error();
          message_flags x = std::move(*got);
          auto it = std::lower_bound(rows.begin(), rows.end(), x.uid,
                                     [](const message_flags& r, uid_t u) { return r.uid < u; });
          if (it != rows.end() && it->uid == x.uid) *it = std::move(x);
          else added.push_back(std::move(x));
        }
        if (!added.empty()) {
          rows.insert(rows.end(), std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()));
          std::sort(rows.begin(), rows.end(), [](const message_flags& a, const message_flags& b) { return a.uid < b.uid; });
        }
        f->changed();
      }
      // Expunged rows: exactly those the table still has, since a purge
      // removes them without a new MODSEQ. (Expunged and purged since the
      // last look: they were live here, and are in neither.)
      std::vector<uid_t> still;
      {
        auto st = c.prepare("SELECT uid FROM messages INDEXED BY messages_expunged "
                            "WHERE mailbox_id = ?1 AND expunged != 0");
        if (!st) return st.error();
        st->bind(1, box);
        for (;;) {
          auto row = st->step();
          if (!row) return row.error();
          if (!*row) break;
          still.push_back(static_cast<uid_t>(st->int64(0)));
        }
        std::sort(still.begin(), still.end());
      }
      uid_ranges gone;
      if (m->highestmodseq != f->modseq) {
        auto st = c.prepare("SELECT first_uid, last_uid FROM expunged_ranges WHERE mailbox_id = ?1 AND modseq > ?2");
        if (!st) return st.error();
        st->bind(1, box).bind(2, static_cast<std::int64_t>(f->modseq));
        for (;;) {
          auto row = st->step();
          if (!row) return row.error();
          if (!*row) break;
          gone.push_back({static_cast<uid_t>(st->int64(0)), static_cast<uid_t>(st->int64(1))});
        }
        gone = normalize(std::move(gone));
      }
      // (Nothing to do, the usual case: no expunges since, and the table
      // has as many expunged rows as here.)
      if (!gone.empty() || still.size() != f->expunged_rows) {
        std::erase_if(rows, [&](const message_flags& r) {
          if (std::binary_search(still.begin(), still.end(), r.uid)) return false;
          return r.expunged || contains(gone, r.uid);
        });
        f->changed();
      }
    }
    f->uidvalidity = m->uidvalidity;
    f->modseq = m->highestmodseq;
    f->valid = true;
    return true;
  });
  if (!done) {
    f->valid = false;
    return done.error();
  }
  return {};
}

result<changes> sqlite_account::changes_since(mailbox_id box, modseq_t since) {
  if (deleted_) return errc::not_found;
  return db_->read<changes>([&](connection& c) -> result<changes> {
    changes out;
    auto m = need_mailbox(c, box);
    if (!m) return m.error();
    out.mailbox = std::move(*m);
    auto kt = keyword_table::load(c, box);
    if (!kt) return kt.error();
    {
      // A range scan of messages_modseq.
      auto st = c.prepare("SELECT " MESSAGE_COLS " FROM messages INDEXED BY messages_modseq "
                          "WHERE mailbox_id = ?1 AND modseq > ?2 AND expunged = 0");
      if (!st) return st.error();
      st->bind(1, box).bind(2, static_cast<std::int64_t>(since));
      for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        out.changed.push_back(read_meta(*st, *kt));
      }
      std::sort(out.changed.begin(), out.changed.end(),
                [](const message_meta& a, const message_meta& b) { return a.uid < b.uid; });
    }
    {
      auto st = c.prepare(
          "SELECT first_uid, last_uid FROM expunged_ranges WHERE mailbox_id = ?1 AND modseq > ?2");
      if (!st) return st.error();
      st->bind(1, box).bind(2, static_cast<std::int64_t>(since));
      for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        out.expunged.push_back({static_cast<uid_t>(st->int64(0)), static_cast<uid_t>(st->int64(1))});
      }
      out.expunged = normalize(std::move(out.expunged));
    }
    // Expunges older than the configured memory are forgotten: a client
    // whose MODSEQ predates some of them hears of every UID below UIDNEXT
    // that is not live (RFC 7162 section 3.2.6: "MUST behave as if it was
    // requested to report all expunged messages"; section 3.2.5.1 for
    // SELECT (QRESYNC)). UIDs that never held a message may be among them;
    // VANISHED (EARLIER) allows that.
    auto forgot = forgotten_upto(c, box);
    if (!forgot) return forgot.error();
    if (since < *forgot) {
      auto st = c.prepare("SELECT uid FROM messages WHERE mailbox_id = ?1 AND expunged = 0 ORDER BY uid");
      if (!st) return st.error();
      st->bind(1, box);
      uid_ranges gone;
      uid_t next = 1;
      for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        const auto u = static_cast<uid_t>(st->int64(0));
        if (u > next) gone.push_back({next, u - 1});
        next = u + 1;
      }
      if (out.mailbox.uidnext > next) gone.push_back({next, out.mailbox.uidnext - 1});
      out.expunged = std::move(gone);
    }
    return out;
  });
}

result<store_result> sqlite_account::store_flags(mailbox_id box, const std::vector<uid_t>& uids, flag_op op,
                                                 const flags& fl, std::optional<modseq_t> unchanged_since) {
  if (deleted_) return errc::not_found;
  const uid_ranges wanted = to_ranges(clean_uids(uids));
  store_result out;
  auto r = db_->write([&](write_context& ctx) -> result<void> {
    connection& c = ctx.conn;
    out = {};
    auto mb = need_mailbox(c, box);
    if (!mb) return mb.error();
    auto kt = keyword_table::load(c, box);
    if (!kt) return kt.error();
    flags arg;
    arg.system = fl.system & system_flags_mask;
    if (op == flag_op::remove) {
      // Removing a keyword the mailbox never saw changes nothing.
      for (const auto& k : fl.keywords)
        if (int n = kt->find(k); n >= 0) arg.keywords.push_back(kt->names()[static_cast<std::size_t>(n)]);
      normalize_keywords(arg.keywords);
    } else {
      auto kw = kt->adopt(fl.keywords, opt_.keywords_per_mailbox);
      if (!kw) return kw.error();
      arg.keywords = std::move(*kw);
    }
    CAIRN_TRY(kt->save(c));

    auto rows = select_messages(c, box, wanted, true, *kt);
    if (!rows) return rows.error();
    const modseq_t modseq = mb->highestmodseq + 1;
    for (auto& m : *rows) {
      if (m.expunged) {
        out.expunged.push_back(m.uid);
        continue;
      }
      if (unchanged_since && m.modseq > *unchanged_since) {
        out.modified.push_back(m.uid);
        continue;
      }
      flags next = apply_flags(m.fl, op, arg);
      if (next == m.fl) continue;  // RFC 7162 section 3.1.11: no new MODSEQ
      auto st = c.prepare(
          "UPDATE messages SET flags = ?3, keywords = ?4, modseq = ?5 WHERE mailbox_id = ?1 AND uid = ?2");
      if (!st) return st.error();
      st->bind(1, box).bind(2, m.uid).bind(3, next.system);
      std::string kw = kt->encode(next.keywords);
      if (kw.empty()) st->bind_null(4); else st->bind_text(4, kw);
      st->bind(5, static_cast<std::int64_t>(modseq));
      CAIRN_TRY(st->run());
      m.fl = std::move(next);
      out.previous.push_back(m.modseq);
      m.modseq = modseq;
      out.updated.push_back(std::move(m));
    }
    if (!out.updated.empty()) {
      mb->highestmodseq = modseq;
      CAIRN_TRY(set_mailbox_counters(c, *mb));
      out.modseq = modseq;
      notify_after(ctx, box, modseq);
    }
    return {};
  });
  if (!r) return r.error();
  return out;
}

result<copy_result> sqlite_account::copy(mailbox_id from, const std::vector<uid_t>& uids, mailbox_id to,
                                         bool move) {
  if (deleted_) return errc::not_found;
  const uid_ranges wanted = to_ranges(clean_uids(uids));
  copy_result out;
  auto r = db_->write([&](write_context& ctx) -> result<void> {
    connection& c = ctx.conn;
    out = {};
    auto src = need_mailbox(c, from);
    if (!src) return src.error();
    auto dst = need_mailbox(c, to, errc::try_create);
    if (!dst) return dst.error();
    auto kt = keyword_table::load(c, from);
    if (!kt) return kt.error();
    auto rows = select_messages(c, from, wanted, true, *kt);
    if (!rows) return rows.error();
    // A COPY happens entirely or not at all (RFC 9051 section 6.4.7): one
    // message of the set expunged meanwhile fails the whole call (RFC 2180
    // section 4.4.1), checked in the same transaction as the copy.
    for (const auto& m : *rows)
      if (m.expunged) return errc::expunged;
    if (!move) {
      // A MOVE within the account leaves the usage as it was (quota).
      std::uint64_t bytes = 0;
      for (const auto& m : *rows) bytes += m.size;
      CAIRN_TRY(check_quota(c, opt_.default_quota, rows->size(), bytes));
    }
    CAIRN_TRY(copy_rows(c, *src, *rows, *dst, move, opt_.keywords_per_mailbox, out, expunge_bucket()));
    if (!out.dest_uids.empty()) {
      notify_after(ctx, to, dst->highestmodseq + 1);
      if (move && from != to) notify_after(ctx, from, out.source_modseq);
    }
    return {};
  });
  if (!r) return r.error();
  return out;
}

result<expunge_result> sqlite_account::expunge(mailbox_id box, const std::optional<uid_ranges>& only) {
  if (deleted_) return errc::not_found;
  uid_ranges ranges = only ? normalize(*only) : uid_ranges{{1, static_cast<uid_t>(max_uid)}};
  expunge_result out;
  auto r = db_->write([&](write_context& ctx) -> result<void> {
    connection& c = ctx.conn;
    out = {};
    auto mb = need_mailbox(c, box);
    if (!mb) return mb.error();
    const modseq_t modseq = mb->highestmodseq + 1;
    for (const auto& range : ranges) {
      auto st = c.prepare(
          "UPDATE messages SET expunged = 1, modseq = ?4 WHERE mailbox_id = ?1 AND uid BETWEEN ?2 AND ?3 "
          "AND expunged = 0 AND (flags & 8) != 0 RETURNING uid");
      if (!st) return st.error();
      st->bind(1, box).bind(2, range.first).bind(3, range.last).bind(4, static_cast<std::int64_t>(modseq));
      for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        out.uids.push_back(static_cast<uid_t>(st->int64(0)));
      }
    }
    if (out.uids.empty()) return {};
    std::sort(out.uids.begin(), out.uids.end());
    CAIRN_TRY(record_expunges(c, box, modseq, out.uids, expunge_bucket()));
    mb->highestmodseq = modseq;
    CAIRN_TRY(set_mailbox_counters(c, *mb));
    out.modseq = modseq;
    notify_after(ctx, box, modseq);
    return {};
  });
  if (!r) return r.error();
  return out;
}

result<void> sqlite_account::purge(mailbox_id box, modseq_t upto) {
  if (deleted_) return errc::not_found;
  // Expunges remembered longer than opt_.expunge_history are forgotten here
  // too (the buckets before `cutoff`).
  const std::int64_t cutoff = opt_.expunge_history.count() > 0 ? expunge_bucket(-opt_.expunge_history.count()) : -1;
  // Nothing to purge is the common case (sessions ask after every expunge
  // they hear of): answer it from a reader, without a durable write.
  auto any = db_->read<bool>([&](connection& c) -> result<bool> {
    CAIRN_TRY(need_mailbox(c, box));
    auto st = c.prepare("SELECT 1 FROM messages WHERE mailbox_id = ?1 AND expunged != 0 AND modseq <= ?2 LIMIT 1");
    if (!st) return st.error();
    st->bind(1, box).bind(2, static_cast<std::int64_t>(upto));
    auto row = st->step();
    if (!row) return row.error();
    if (*row || cutoff < 0) return *row;
    auto old = c.prepare("SELECT 1 FROM meta WHERE key >= ?1 AND key < ?2 LIMIT 1");
    if (!old) return old.error();
    old->bind_text(1, mark_prefix(box)).bind_text(2, mark_key(box, cutoff));
    auto orow = old->step();
    if (!orow) return orow.error();
    return *orow;
  });
  if (!any) return any.error();
  if (!*any) return {};
  bool released = false;
  auto r = db_->write([&](write_context& ctx) -> result<void> {
    connection& c = ctx.conn;
    CAIRN_TRY(need_mailbox(c, box));
    auto n = release_rows(c, box, true, upto);
    if (!n) return n.error();
    released = *n > 0;
    if (cutoff >= 0) CAIRN_TRY(forget_expunges(c, box, cutoff));
    return compact_expunged(c, box, upto);
  });
  if (!r) return r;
  if (released) release_text();
  return {};
}

result<uid_t> sqlite_account::claim_recent(mailbox_id box) {
  if (deleted_) return errc::not_found;
  // Nothing arrived since the last claim (the usual case): answer from a
  // read, without a write transaction and its fsync on every SELECT.
  auto seen = db_->read<std::optional<uid_t>>([&](connection& c) -> result<std::optional<uid_t>> {
    auto mb = need_mailbox(c, box);
    if (!mb) return mb.error();
    if (mb->recent_floor >= mb->uidnext) return std::optional<uid_t>(mb->recent_floor);
    return std::optional<uid_t>();
  });
  if (!seen) return seen.error();
  if (*seen) return **seen;
  // Relaxed (db.hpp): a claim lost in a crash only lets a session after the
  // restart see those messages as \Recent again, and every session after a
  // restart is new (RFC 3501 section 2.3.2: \Recent is per session).
  uid_t old = 0;
  auto r = db_->write(
      [&](write_context& ctx) -> result<void> {
        auto mb = need_mailbox(ctx.conn, box);
        if (!mb) return mb.error();
        old = mb->recent_floor;
        auto st = ctx.conn.prepare("UPDATE mailboxes SET recent_floor = uidnext WHERE id = ?1");
        if (!st) return st.error();
        st->bind(1, box);
        return st->run();
      },
      durability::relaxed);
  if (!r) return r.error();
  return old;
}

// -- Search ------------------------------------------------------------------

result<search_result> sqlite_account::search(mailbox_id box, const search_key& key, const search_options& opt) {
  if (deleted_) return errc::not_found;
  return search_mailbox(*db_, blobs_, box, key, opt);
}

result<std::vector<sort_source>> sqlite_account::sort_sources(mailbox_id box, const std::vector<uid_t>& uids,
                                                              unsigned fields,
                                                              std::chrono::steady_clock::time_point deadline) {
  if (deleted_) return errc::not_found;
  return sort_sources_of(*db_, blobs_, box, &uids, fields, deadline);
}

// -- SORT and THREAD with cached keys (sort_cache.hpp) ------------------------

result<void> sqlite_account::refresh_keys(mailbox_keys& k, mailbox_id box, unsigned fields,
                                          std::chrono::steady_clock::time_point deadline) {
  // The mailbox's state first, then the rows: a change between the two
  // reads is applied again next time, which is harmless (header comment).
  struct state {
    std::uint32_t uidvalidity = 0;
    modseq_t modseq = 0, forgotten = 0;
  };
  auto st = db_->read<state>([&](connection& c) -> result<state> {
    auto m = need_mailbox(c, box);
    if (!m) return m.error();
    auto f = forgotten_upto(c, box);
    if (!f) return f.error();
    return state{m->uidvalidity, m->highestmodseq, *f};
  });
  if (!st) {
    k.valid = false;
    return st.error();
  }
  auto derive_into = [&](const std::vector<sort_source>& src, unsigned f, std::vector<mailbox_keys::row>& out) {
    for (const auto& s : src) {
      mailbox_keys::row r{s.uid, s.internal_date.unix_seconds, s.size, {}};
      derive_keys(s, f, r.keys, k.ids);
      out.push_back(std::move(r));
    }
  };
  // The ID table keeps the IDs of messages gone; past a point it is cheaper
  // to start again.
  if (k.ids.size() > 2 * k.rows.size() + 100000) k.valid = false;
  const unsigned want = fields | (k.valid ? k.fields : 0u);
  if (!k.valid || k.uidvalidity != st->uidvalidity || st->forgotten > k.modseq || st->modseq < k.modseq) {
    // Built from nothing.
    k.valid = false;
    k.rows.clear();
    k.ids = id_table();
    k.rebuilt();
    auto src = sort_sources_of(*db_, blobs_, box, nullptr, want, deadline);
    if (!src) return src.error();
    k.rows.reserve(src->size());
    derive_into(*src, want, k.rows);
    k.fields = want;
    k.rebuilt();
    log::debug("sort_keys_built", {{"account", id_},
                                   {"mailbox", static_cast<std::int64_t>(box)},
                                   {"messages", static_cast<std::int64_t>(k.rows.size())},
                                   {"bytes", static_cast<std::int64_t>(k.bytes())}});
  } else if (st->modseq != k.modseq) {
    // Brought up to date: expunges out, new messages in.
    struct delta {
      uid_ranges gone;
      std::vector<uid_t> live;
    };
    auto d = db_->read<delta>([&](connection& c) -> result<delta> {
      delta out;
      auto q = c.prepare("SELECT first_uid, last_uid FROM expunged_ranges WHERE mailbox_id = ?1 AND modseq > ?2");
      if (!q) return q.error();
      q->bind(1, box).bind(2, static_cast<std::int64_t>(k.modseq));
      for (;;) {
        auto row = q->step();
        if (!row) return row.error();
        if (!*row) break;
        out.gone.push_back({static_cast<uid_t>(q->int64(0)), static_cast<uid_t>(q->int64(1))});
      }
      out.gone = normalize(std::move(out.gone));
      auto l = c.prepare("SELECT uid FROM messages INDEXED BY messages_modseq "
                         "WHERE mailbox_id = ?1 AND modseq > ?2 AND expunged = 0");
      if (!l) return l.error();
      l->bind(1, box).bind(2, static_cast<std::int64_t>(k.modseq));
      for (;;) {
        auto row = l->step();
        if (!row) return row.error();
        if (!*row) break;
        out.live.push_back(static_cast<uid_t>(l->int64(0)));
      }
      std::sort(out.live.begin(), out.live.end());
      return out;
    });
    if (!d) {
      k.valid = false;
      return d.error();
    }
    k.valid = false;  // until it is whole again
    if (!d->gone.empty()) k.erase(d->gone);
    // Live rows changed since: flag changes (no key changes) and new
    // messages, which are those not cached.
    std::vector<uid_t> fresh;
    for (auto u : d->live)
      if (!std::binary_search(k.uids.begin(), k.uids.end(), u)) fresh.push_back(u);
    if (!fresh.empty()) {
      auto src = sort_sources_of(*db_, blobs_, box, &fresh, want, deadline);
      if (!src) return src.error();
      std::vector<mailbox_keys::row> add;
      derive_into(*src, want, add);
      k.append(std::move(add));
    }
  }
  if (const unsigned missing = want & ~k.fields; missing != 0 && !k.rows.empty()) {
    // Keys not derived before, for every cached row.
    auto src = sort_sources_of(*db_, blobs_, box, &k.uids, missing, deadline);
    if (!src) {
      k.valid = false;
      return src.error();
    }
    auto it = k.rows.begin();
    for (const auto& s : *src) {
      while (it != k.rows.end() && it->uid < s.uid) ++it;
      if (it == k.rows.end()) break;
      if (it->uid == s.uid) derive_keys(s, missing, it->keys, k.ids);
    }
    // A row the read did not return was expunged meanwhile: it goes at the
    // next refresh, and is never among what a command asks for after it.
  }
  k.fields = want;
  k.uidvalidity = st->uidvalidity;
  k.modseq = st->modseq;
  k.valid = true;
  return {};
}

void sqlite_account::items_for(const mailbox_keys& k, const std::vector<uid_t>& uids, std::vector<sort_item>& items,
                               std::vector<std::uint32_t>& rows) {
  items.clear();
  rows.clear();
  items.reserve(uids.size());
  rows.reserve(uids.size());
  // A merge of two ascending lists, over the compact UID list.
  std::size_t i = 0;
  const std::size_t n = k.uids.size();
  for (auto u : uids) {
    while (i < n && k.uids[i] < u) ++i;
    if (i == n) break;
    if (k.uids[i] != u) continue;
    items.push_back(k.items[i]);
    rows.push_back(static_cast<std::uint32_t>(i));
  }
}

template <class F>
auto sqlite_account::with_keys(mailbox_id box, const std::vector<uid_t>& uids, unsigned fields,
                               std::chrono::steady_clock::time_point deadline, F&& use)
    -> result<std::invoke_result_t<F&, mailbox_keys&, const std::vector<sort_item>&,
                                   const std::vector<std::uint32_t>&>> {
  auto k = opt_.sort_keys->get(id_, box);
  std::unique_lock lk(k->mu);
  CAIRN_TRY(refresh_keys(*k, box, fields, deadline));
  std::vector<sort_item> items;
  std::vector<std::uint32_t> rows;
  items_for(*k, uids, items, rows);
  auto out = use(*k, items, rows);
  const std::size_t n = k->rows.size();
  lk.unlock();
  opt_.sort_keys->used(id_, box, n);
  return out;
}

result<std::vector<uid_t>> sqlite_account::sort(mailbox_id box, const std::vector<uid_t>& uids,
                                                const std::vector<order_criterion>& criteria,
                                                std::chrono::steady_clock::time_point deadline) {
  if (deleted_) return errc::not_found;
  if (!opt_.sort_keys) return account::sort(box, uids, criteria, deadline);
  return with_keys(box, uids, fields_for(criteria), deadline,
                   [&](mailbox_keys& k, const std::vector<sort_item>& items, const std::vector<std::uint32_t>& rows) {
                     const bool whole = items.size() == k.rows.size();
                     auto ranks = [&](order_key key) {
                       const auto& cached = k.ranks_of(key);
                       if (whole) return cached;
                       // Ranks over the whole mailbox order any subset of it.
                       std::vector<std::uint32_t> out(rows.size());
                       for (std::size_t i = 0; i < rows.size(); ++i) out[i] = cached[rows[i]];
                       return out;
                     };
                     return sort_items(items, criteria, ranks);
                   });
}

result<std::shared_ptr<const thread_tree>> sqlite_account::thread(mailbox_id box, const std::vector<uid_t>& uids,
                                                                  thread_algorithm algorithm,
                                                                  std::chrono::steady_clock::time_point deadline) {
  if (deleted_) return errc::not_found;
  if (!opt_.sort_keys) return account::thread(box, uids, algorithm, deadline);
  return with_keys(box, uids, fields_for(algorithm), deadline,
                   [&](mailbox_keys& k, const std::vector<sort_item>& items, const std::vector<std::uint32_t>&) {
                     auto make = [&] {
                       return std::make_shared<const thread_tree>(algorithm == thread_algorithm::references
                                                                      ? thread_references(items, k.ids)
                                                                      : thread_orderedsubject(items));
                     };
                     if (items.size() != k.rows.size()) return make();
                     // The whole mailbox (THREAD ... ALL): kept until the mailbox changes.
                     auto& kept = k.threads[algorithm == thread_algorithm::references ? 1 : 0];
                     if (!kept) kept = make();
                     return kept;
                   });
}

// -- Quota -------------------------------------------------------------------

result<quota_info> sqlite_account::quota() {
  if (deleted_) return errc::not_found;
  return db_->read<quota_info>([&](connection& c) { return read_quota(c, opt_.default_quota); });
}

result<void> sqlite_account::set_quota(const quota_settings& settings) {
  if (deleted_) return errc::not_found;
  return db_->write([&](write_context& ctx) -> result<void> {
    for (const auto& [name, s] : {std::pair<const char*, quota_setting>{"storage", settings.storage},
                                  std::pair<const char*, quota_setting>{"messages", settings.messages}}) {
      if (s.how == quota_setting::kind::inherit) {
        auto st = ctx.conn.prepare("DELETE FROM quota_limits WHERE resource = ?1");
        if (!st) return st.error();
        st->bind_text(1, name);
        CAIRN_TRY(st->run());
        continue;
      }
      if (s.how == quota_setting::kind::limit &&
          s.value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return errc::too_large;
      auto st = ctx.conn.prepare(
          "INSERT INTO quota_limits(resource, value) VALUES(?1, ?2) "
          "ON CONFLICT(resource) DO UPDATE SET value = excluded.value");
      if (!st) return st.error();
      st->bind_text(1, name);
      if (s.how == quota_setting::kind::unlimited) st->bind_null(2);
      else st->bind(2, static_cast<std::int64_t>(s.value));
      CAIRN_TRY(st->run());
    }
    return {};
  });
}

// -- Blobs -------------------------------------------------------------------

result<blob_ref> sqlite_account::put_blob(std::string_view bytes) {
  if (deleted_) return errc::not_found;
  return blobs_.put(bytes);
}

result<std::string> sqlite_account::read_blob(const blob_ref& blob, std::uint64_t offset, std::size_t max) {
  if (deleted_) return errc::not_found;
  return blobs_.read(blob.hash, offset, max);
}

result<std::string> sqlite_account::parsed(const blob_ref& blob) {
  if (deleted_) return errc::not_found;
  if (!valid_hash(blob.hash)) return errc::not_found;
  const std::string hash = hash_to_bytes(blob.hash);
  return db_->read<std::string>([&](connection& c) -> result<std::string> {
    auto st = c.prepare("SELECT parsed FROM blobs WHERE hash = ?1");
    if (!st) return st.error();
    st->bind_blob(1, hash);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return errc::not_found;
    return std::string(st->blob(0));
  });
}

result<void> sqlite_account::set_parsed(const blob_ref& blob, std::string_view parsed) {
  if (deleted_) return errc::not_found;
  if (!valid_hash(blob.hash)) return errc::not_found;
  const std::string hash = hash_to_bytes(blob.hash);
  return db_->write([&](write_context& ctx) -> result<void> {
    auto st = ctx.conn.prepare("UPDATE blobs SET parsed = ?2 WHERE hash = ?1");
    if (!st) return st.error();
    st->bind_blob(1, hash);
    if (parsed.empty()) st->bind_null(2); else st->bind_blob(2, parsed);
    return st->run();
  });
}

}  // namespace cairn::store::sqlite
