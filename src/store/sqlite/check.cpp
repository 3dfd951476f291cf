#include "store/sqlite/check.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "mime/message.hpp"
#include "mime/structure.hpp"
#include "store/search_text.hpp"
#include "store/sqlite/blob_files.hpp"
#include "store/sqlite/db.hpp"

namespace cairn::store::sqlite {
namespace {

namespace fs = std::filesystem;

bool old_enough(const fs::path& p, std::chrono::seconds age) {
  std::error_code ec;
  auto t = fs::last_write_time(p, ec);
  if (ec) return false;
  return fs::file_time_type::clock::now() - t >= age;
}

std::string integrity(connection& c) {
  auto st = c.prepare("PRAGMA integrity_check");
  if (!st) return "cannot run integrity_check";
  std::string out;
  for (;;) {
    auto row = st->step();
    if (!row || !*row) break;
    std::string line(st->text(0));
    if (line != "ok") out += (out.empty() ? "" : "; ") + line;
  }
  return out;
}

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

struct blob_row {
  std::int64_t refcount = 0;
  std::int64_t size = 0;
  bool parsed_ok = true;
};


// --- The full-text index (docs/search.md) --------------------------------
// Derived data: a repair never touches a message, it only hands documents
// back to the background indexer (search_docs.fts = 0), whose text the
// server then derives again from the blob. An entry left in the contentless
// FTS5 table without a search_docs row naming it is unreachable (counted in
// meta.search_stale, as the indexer does).

bool has_table(connection& db, const char* name) {
  auto st = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
  if (!st) return false;
  st->bind_text(1, name);
  auto row = st->step();
  return row && *row;
}

std::optional<std::int64_t> meta_value(connection& db, const char* key) {
  auto st = db.prepare("SELECT value FROM meta WHERE key = ?1");
  if (!st) return std::nullopt;
  st->bind_text(1, key);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return st->int64(0);
}

// An FTS5 phrase of at least three code points (one trigram) taken from
// `text`, or "" when it has none: the probe that the index holds a document.
std::string probe_phrase(std::string_view text) {
  std::size_t end = 0, points = 0;
  while (end < text.size() && (points < 3 || end < 24)) {
    unsigned char ch = static_cast<unsigned char>(text[end]);
    std::size_t len = ch < 0x80 ? 1 : ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : ch >= 0xC0 ? 2 : 1;
    if (end + len > text.size()) break;
    end += len;
    ++points;
  }
  if (points < 3) return {};
  std::string_view cut = text.substr(0, end);
  if (cut.find('\0') != std::string_view::npos) return {};
  std::string q = "\"";
  for (char ch : cut) {
    if (ch == '"') q += '"';
    q += ch;
  }
  return q + '"';
}

struct search_doc_row {
  std::int64_t blob_id = 0;
  std::string hash;  // blobs.hash (bytes)
  std::int64_t refcount = 0;
  bool has_row = false;  // search_docs has a row for the blob
  std::int64_t fts = 0;
  std::optional<std::int64_t> doc, text_hash;
};

// Checks (and with opt.repair mends) the index of one account:
//  - every blob has its search_docs row (a missing one hides the message
//    from BODY and TEXT searches that the index answers), and every row a
//    blob;
//  - each row's state is coherent (indexed rows have a document number and
//    a text hash, others neither);
//  - the next document number is above every one in use (else a later
//    message would share another's entry);
//  - FTS5's own 'integrity-check' of the index's structure;
//  - with opt.deep, for every indexed message: its text derived again from
//    its blob has the hash stored when it was indexed, and the index holds
//    it (a phrase of that text finds the document).
// `damaged`: blobs already reported missing or damaged (not read again).
template <class Say, class Fixed>
void check_search_index(connection& db, const blob_files& files, const std::set<std::string>& damaged,
                        const check_options& opt, Say say, Fixed fixed) {
  if (!has_table(db, "search_docs") || !has_table(db, "search_fts")) return;  // not migrated yet: opening does it

  bool structure_ok = static_cast<bool>(db.exec("INSERT INTO search_fts(search_fts) VALUES('integrity-check')"));
  if (!structure_ok) {
    if (!opt.repair) {
      say("the full-text index is damaged (FTS5 integrity-check)");
    } else if (db.exec("BEGIN IMMEDIATE")) {
      if (db.exec("INSERT INTO search_fts(search_fts) VALUES('delete-all')") &&
          db.exec("UPDATE search_docs SET fts = 0, doc = NULL, text_hash = NULL WHERE fts != 0") &&
          db.exec("INSERT INTO meta(key, value) VALUES('search_stale', 0) "
                  "ON CONFLICT(key) DO UPDATE SET value = excluded.value") &&
          db.exec("COMMIT")) {
        fixed("the damaged full-text index was emptied (the server indexes every message again)");
        return;  // every document is pending now: nothing else to compare
      }
      (void)db.exec("ROLLBACK");
      say("could not empty the damaged full-text index");
    }
  }

  std::vector<search_doc_row> rows;
  {
    auto st = db.prepare(
        "SELECT b.id, b.hash, b.refcount, d.blob_id IS NOT NULL, d.fts, d.doc, d.text_hash "
        "FROM blobs b LEFT JOIN search_docs d ON d.blob_id = b.id");
    if (!st) return say("cannot read search_docs");
    for (;;) {
      auto row = st->step();
      if (!row) return say("cannot read search_docs: " + row.error().message());
      if (!*row) break;
      search_doc_row r;
      r.blob_id = st->int64(0);
      r.hash = std::string(st->blob(1));
      r.refcount = st->int64(2);
      r.has_row = st->int64(3) != 0;
      r.fts = st->int64(4);
      if (!st->is_null(5)) r.doc = st->int64(5);
      if (!st->is_null(6)) r.text_hash = st->int64(6);
      rows.push_back(std::move(r));
    }
  }
  std::vector<std::int64_t> without_blob;
  {
    auto st = db.prepare("SELECT d.blob_id FROM search_docs d WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.id = d.blob_id)");
    if (!st) return say("cannot read search_docs");
    for (;;) {
      auto row = st->step();
      if (!row || !*row) break;
      without_blob.push_back(st->int64(0));
    }
  }
  std::int64_t max_doc = 0;
  for (const auto& r : rows)
    if (r.doc) max_doc = std::max(max_doc, *r.doc);
  const std::int64_t next_doc = std::max<std::int64_t>(meta_value(db, "search_next_doc").value_or(0), 1);
  const bool current_text = meta_value(db, "search_version").value_or(0) ==
                            static_cast<std::int64_t>(search_text_version());

  std::vector<const search_doc_row*> missing, incoherent, mismatched;
  // What is found here can be mended: reported as a problem only when not
  // repairing, or when the repair fails.
  std::vector<std::string> found;
  auto find = [&](std::string what) { found.push_back(std::move(what)); };
  for (const auto& r : rows) {
    std::string hex = hash_from_bytes(r.hash);
    if (!r.has_row) {
      find("message data " + hex + " has no row in the search index (searches could miss its messages)");
      missing.push_back(&r);
      continue;
    }
    const bool coherent = r.fts == 1 ? (r.doc && r.text_hash) : ((r.fts == 0 || r.fts == 2) && !r.doc);
    if (!coherent) {
      find("search index row of " + hex + " is incoherent (state " + std::to_string(r.fts) + ")");
      incoherent.push_back(&r);
      continue;
    }
    // Deep: the text indexed is the text the message gives now, and the
    // index finds it. Messages no longer used wait for the indexer to take
    // their text out; damaged ones were reported already.
    if (!opt.deep || r.fts != 1 || r.refcount <= 0 || !current_text || damaged.count(r.hash)) continue;
    std::string raw = read_file(files.path_of(hex));
    search_texts t;
    extract_search_texts(raw, parse_for_search(raw), search_header | search_body, t);
    if (static_cast<std::int64_t>(search_text_hash(t.header, t.body)) != *r.text_hash) {
      find("the full-text index does not match message data " + hex + " (its text has changed)");
      mismatched.push_back(&r);
      continue;
    }
    const bool in_body = !probe_phrase(t.body).empty();
    std::string phrase = probe_phrase(in_body ? t.body : t.header);
    if (phrase.empty()) continue;  // under three characters: nothing a trigram index can hold
    auto st = db.prepare("SELECT 1 FROM search_fts WHERE search_fts MATCH ?1 AND rowid = ?2");
    if (!st) return say("cannot query the full-text index");
    st->bind_text(1, std::string(in_body ? "body : " : "header : ") + phrase).bind(2, *r.doc);
    auto hit = st->step();
    if (!hit) {
      say("cannot query the full-text index: " + hit.error().message());
    } else if (!*hit) {
      find("the full-text index does not hold the text of message data " + hex);
      mismatched.push_back(&r);
    }
  }
  for (std::int64_t id : without_blob) find("search index row for blob #" + std::to_string(id) + " has no blob");
  const bool bad_next = max_doc >= next_doc;
  if (bad_next)
    find("the search index's next document number " + std::to_string(next_doc) + " is not above " +
        std::to_string(max_doc) + ", one in use");

  if (!opt.repair || found.empty()) {
    for (auto& f : found) say(std::move(f));
    return;
  }
  // One short write transaction; each change is conditional on the row
  // being as it was read (the server may be running).
  if (!db.exec("BEGIN IMMEDIATE")) {
    for (auto& f : found) say(std::move(f));
    return say("could not repair the search index (busy)");
  }
  bool ok = true;
  std::int64_t stale = 0;
  std::vector<std::string> done;
  for (const auto* r : missing) {
    auto st = db.prepare("INSERT OR IGNORE INTO search_docs(blob_id) SELECT id FROM blobs WHERE id = ?1");
    ok = ok && st && st->bind(1, r->blob_id).run();
    done.push_back("search index row of " + hash_from_bytes(r->hash) + " added (indexed again)");
  }
  auto requeue = [&](const search_doc_row* r, const char* why) {
    auto st = db.prepare("UPDATE search_docs SET fts = 0, doc = NULL, text_hash = NULL WHERE blob_id = ?1 AND doc IS ?2");
    if (!st) return void(ok = false);
    st->bind(1, r->blob_id);
    if (r->doc) st->bind(2, *r->doc);
    else st->bind_null(2);
    ok = ok && st->run();
    if (r->doc && sqlite3_changes(db.handle()) > 0) ++stale;  // its old entry stays, unreachable
    done.push_back("search index entry of " + hash_from_bytes(r->hash) + " " + why + ": indexed again");
  };
  for (const auto* r : incoherent) requeue(r, "was incoherent");
  for (const auto* r : mismatched) requeue(r, "did not match");
  for (std::int64_t id : without_blob) {
    auto st = db.prepare(
        "DELETE FROM search_docs WHERE blob_id = ?1 AND NOT EXISTS (SELECT 1 FROM blobs WHERE id = ?1) RETURNING doc");
    if (!st) {
      ok = false;
      continue;
    }
    st->bind(1, id);
    auto row = st->step();
    ok = ok && row;
    if (row && *row && !st->is_null(0)) ++stale;
    if (row && *row) (void)st->step();  // to the end
    done.push_back("search index row for blob #" + std::to_string(id) + " removed");
  }
  if (bad_next) {
    auto st = db.prepare(
        "INSERT INTO meta(key, value) VALUES('search_next_doc', "
        "  max(?1, (SELECT coalesce(max(doc), 0) + 1 FROM search_docs))) "
        "ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)");
    // Above every number seen in use, even one just handed back to the
    // indexer: the index may still hold an entry under it.
    ok = ok && st && st->bind(1, max_doc + 1).run();
    done.push_back("search index's next document number set above " + std::to_string(max_doc));
  }
  if (stale > 0) {
    auto st = db.prepare(
        "INSERT INTO meta(key, value) VALUES('search_stale', ?1) ON CONFLICT(key) DO UPDATE SET value = value + ?1");
    ok = ok && st && st->bind(1, stale).run();
  }
  if (ok && db.exec("COMMIT")) {
    for (auto& d : done) fixed(std::move(d));
  } else {
    (void)db.exec("ROLLBACK");
    for (auto& f : found) say(std::move(f));
    say("could not repair the search index");
  }
}

void check_account(const fs::path& dir, const std::string& who, const check_options& opt, check_report& rep) {
  auto say = [&](std::string what) { rep.problems.push_back(who + ": " + std::move(what)); };
  auto fixed = [&](std::string what) { rep.repaired.push_back(who + ": " + std::move(what)); };
  connection_options co;
  auto c = connection::open(dir / "mail.db", co);
  if (!c) return say("cannot open mail.db: " + c.error().message());
  connection& db = **c;
  if (auto bad = integrity(db); !bad.empty()) say("mail.db integrity_check: " + bad);

  if (auto st = db.prepare("SELECT count(*) FROM mailboxes")) {
    auto row = st->step();
    if (row && *row) rep.mailboxes += static_cast<std::uint64_t>(st->int64(0));
  }

  // References per blob, from the messages (one pass: messages.blob has no
  // index on purpose).
  std::map<std::string, std::int64_t> refs;
  {
    auto st = db.prepare("SELECT blob, count(*), min(size), max(size) FROM messages GROUP BY blob");
    if (!st) return say("cannot read messages");
    for (;;) {
      auto row = st->step();
      if (!row) return say("cannot read messages: " + row.error().message());
      if (!*row) break;
      refs[std::string(st->blob(0))] = st->int64(1);
      rep.messages += static_cast<std::uint64_t>(st->int64(1));
    }
  }
  std::map<std::string, blob_row> blobs;
  {
    auto st = db.prepare("SELECT hash, refcount, size, parsed FROM blobs");
    if (!st) return say("cannot read blobs");
    for (;;) {
      auto row = st->step();
      if (!row) return say("cannot read blobs: " + row.error().message());
      if (!*row) break;
      blob_row b;
      b.refcount = st->int64(1);
      b.size = st->int64(2);
      if (b.refcount > 0) b.parsed_ok = !st->is_null(3) && static_cast<bool>(mime::structure::decode(st->blob(3)));
      blobs[std::string(st->blob(0))] = b;
    }
  }
  rep.blobs += blobs.size();

  blob_files files(dir / "blobs");
  std::vector<std::pair<std::string, std::int64_t>> fix_refcount;
  std::vector<std::string> reparse;
  std::set<std::string> damaged;  // missing or damaged message data (reported)
  for (const auto& [hash, n] : refs) {
    auto it = blobs.find(hash);
    std::string hex = hash_from_bytes(hash);
    if (it == blobs.end()) {
      say("blob " + hex + " is used by " + std::to_string(n) + " message(s) but has no row");
      continue;
    }
    if (it->second.refcount != n) fix_refcount.emplace_back(hash, n);
  }
  for (auto& [hash, b] : blobs) {
    std::string hex = hash_from_bytes(hash);
    auto used = refs.find(hash);
    std::int64_t n = used == refs.end() ? 0 : used->second;
    if (n == 0 && b.refcount != 0) fix_refcount.emplace_back(hash, 0);
    if (n == 0) continue;  // waiting for collection, or just fixed
    auto size = files.size_of(hex);
    if (!size) {
      say("message data " + hex + " is missing (" + std::to_string(n) + " message(s) lost; restore from a backup)");
      damaged.insert(hash);
      continue;
    }
    if (static_cast<std::int64_t>(*size) != b.size) {
      say("message data " + hex + " has " + std::to_string(*size) + " bytes, " + std::to_string(b.size) +
          " expected (damaged; restore from a backup)");
      damaged.insert(hash);
      continue;
    }
    if (opt.deep && sha256_hex(read_file(files.path_of(hex))) != hex) {
      say("message data " + hex + " does not match its hash (damaged; restore from a backup)");
      damaged.insert(hash);
    }
    if (!b.parsed_ok) reparse.push_back(hash);
  }

  // Files on disk without a row, and crash leftovers.
  std::vector<fs::path> orphan_files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir / "blobs", ec); !ec && it != fs::end(it); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::string name = it->path().filename().string();
    if (name.rfind("tmp.", 0) == 0) {
      if (old_enough(it->path(), opt.orphan_age)) orphan_files.push_back(it->path());
      continue;
    }
    std::string hex = it->path().parent_path().filename().string() + name;
    if (!valid_hash(hex)) continue;
    if (!blobs.count(hash_to_bytes(hex)) && old_enough(it->path(), opt.orphan_age)) orphan_files.push_back(it->path());
  }

  // Staging folders of a `cairn backup` that did not finish (backup.hpp):
  // hard links to blobs, nothing else refers to them.
  std::vector<fs::path> stale_staging;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::end(it); it.increment(ec))
    if (it->path().filename().string().rfind(".backup-", 0) == 0 && old_enough(it->path(), opt.orphan_age))
      stale_staging.push_back(it->path());
  for (const auto& p : stale_staging) {
    if (!opt.repair) {
      say("unfinished backup's staging folder " + p.string());
      continue;
    }
    fs::remove_all(p, ec);
    fixed("removed unfinished backup's staging folder " + p.string());
  }

  check_search_index(db, files, damaged, opt, say, fixed);

  if (!opt.repair) {
    for (const auto& [hash, n] : fix_refcount)
      say("blob " + hash_from_bytes(hash) + " refcount should be " + std::to_string(n));
    for (const auto& p : orphan_files) say("unreferenced file " + p.string());
    for (const auto& h : reparse) say("stored structure of " + hash_from_bytes(h) + " does not decode");
    return;
  }
  // Repairs, each in a short write transaction (the server may be running).
  if (!fix_refcount.empty()) {
    if (db.exec("BEGIN IMMEDIATE")) {
      bool ok = true;
      for (const auto& [hash, n] : fix_refcount) {
        auto st = db.prepare("UPDATE blobs SET refcount = ?2 WHERE hash = ?1");
        ok = ok && st && st->bind_blob(1, hash).bind(2, n).run();
      }
      if (ok && db.exec("COMMIT")) {
        for (const auto& [hash, n] : fix_refcount)
          fixed("blob " + hash_from_bytes(hash) + " refcount set to " + std::to_string(n));
      } else {
        (void)db.exec("ROLLBACK");
        say("could not fix refcounts");
      }
    }
  }
  for (const auto& p : orphan_files) {
    // Checked again under the write lock: a row may have appeared meanwhile.
    if (!db.exec("BEGIN IMMEDIATE")) break;
    std::string name = p.filename().string();
    bool referenced = false;
    if (name.rfind("tmp.", 0) != 0) {
      std::string hex = p.parent_path().filename().string() + name;
      auto st = db.prepare("SELECT 1 FROM blobs WHERE hash = ?1");
      if (st) {
        st->bind_blob(1, hash_to_bytes(hex));
        auto row = st->step();
        referenced = row && *row;
      }
    }
    if (!referenced) {
      fs::remove(p, ec);
      fixed("removed unreferenced file " + p.string());
    }
    (void)db.exec("COMMIT");
  }
  for (const auto& hash : reparse) {
    std::string hex = hash_from_bytes(hash);
    std::string raw = read_file(files.path_of(hex));
    std::string enc = mime::encode_structure(mime::parse(raw));
    auto st = db.prepare("UPDATE blobs SET parsed = ?2 WHERE hash = ?1");
    if (st && st->bind_blob(1, hash).bind_blob(2, enc).run()) fixed("structure of " + hex + " parsed again");
    else say("could not store the structure of " + hex);
  }
}

}  // namespace

result<check_report> check_embedded(const check_options& opt) {
  check_report rep;
  connection_options co;
  auto users = connection::open(opt.data_dir / "users.db", co);
  if (!users) return users.error();
  if (auto bad = integrity(**users); !bad.empty()) rep.problems.push_back("users.db integrity_check: " + bad);
  std::map<std::string, std::string> accounts;  // id -> user
  {
    auto st = (*users)->prepare("SELECT account_id, name FROM users");
    if (!st) return st.error();
    for (;;) {
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) break;
      accounts[std::string(st->text(0))] = std::string(st->text(1));
    }
  }
  const fs::path root = opt.data_dir / "accounts";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind(".deleted-", 0) == 0) {
      if (opt.repair) {
        fs::remove_all(e.path(), ec);
        rep.repaired.push_back("removed the remains of a deleted account: " + e.path().string());
      } else {
        rep.problems.push_back("remains of a deleted account: " + e.path().string());
      }
      continue;
    }
    if (!accounts.count(name))
      rep.problems.push_back("folder " + e.path().string() + " belongs to no user (left in place)");
  }
  for (const auto& [id, user] : accounts) {
    ++rep.accounts;
    fs::path dir = root / id;
    if (!fs::exists(dir / "mail.db", ec)) continue;  // never logged in, nothing stored yet
    check_account(dir, user, opt, rep);
  }
  return rep;
}

}  // namespace cairn::store::sqlite
