#include "store/sqlite/check.hpp"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "mime/message.hpp"
#include "mime/structure.hpp"
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
      continue;
    }
    if (static_cast<std::int64_t>(*size) != b.size) {
      say("message data " + hex + " has " + std::to_string(*size) + " bytes, " + std::to_string(b.size) +
          " expected (damaged; restore from a backup)");
      continue;
    }
    if (opt.deep && sha256_hex(read_file(files.path_of(hex))) != hex)
      say("message data " + hex + " does not match its hash (damaged; restore from a backup)");
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
