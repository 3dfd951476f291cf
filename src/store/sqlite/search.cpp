#include "store/sqlite/search.hpp"

#include <algorithm>
#include <charconv>
#include <memory>
#include <unordered_map>
#include <variant>

#include "base/log.hpp"
#include "store/casemap.hpp"
#include "store/flags.hpp"
#include "store/search_eval.hpp"
#include "store/search_text.hpp"

namespace cairn::store::sqlite {

namespace {

// fts values (schema.cpp, search_docs.fts).
constexpr std::int64_t fts_pending = 0, fts_indexed = 1, fts_too_large = 2;

// Past this share of stale entries (and this many), the index is rebuilt.
constexpr std::int64_t stale_rebuild_min = 1000;
constexpr std::int64_t stale_rebuild_divisor = 4;

result<std::int64_t> meta_get(connection& c, const char* key) {
  auto st = c.prepare("SELECT value FROM meta WHERE key = ?1");
  if (!st) return st.error();
  st->bind_text(1, key);
  auto row = st->step();
  if (!row) return row.error();
  return *row ? st->int64(0) : 0;
}

result<void> meta_set(connection& c, const char* key, std::int64_t v) {
  auto st = c.prepare("INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  if (!st) return st.error();
  st->bind_text(1, key).bind(2, v);
  return st->run();
}

// A never-reused rowid for search_fts.
result<std::int64_t> next_doc(connection& c) {
  auto n = meta_get(c, "search_next_doc");
  if (!n) return n.error();
  std::int64_t doc = std::max<std::int64_t>(*n, 1);
  CAIRN_TRY(meta_set(c, "search_next_doc", doc + 1));
  return doc;
}

void bind_opt(statement& st, int i, const std::optional<std::string>& v) {
  if (v) st.bind_text(i, *v);
  else st.bind_null(i);
}

result<void> store_keys(connection& c, std::int64_t blob_id, const header_keys& k) {
  auto st = c.prepare(
      "UPDATE search_docs SET keys = 1, sent_date = ?2, sent_offset = ?3, hdr_subject = ?4, hdr_from = ?5, "
      "hdr_to = ?6, hdr_cc = ?7, hdr_bcc = ?8, hdr_message_id = ?9, hdr_in_reply_to = ?10, hdr_references = ?11 "
      "WHERE blob_id = ?1");
  if (!st) return st.error();
  st->bind(1, blob_id);
  if (k.date) st->bind(2, k.date->unix_seconds).bind(3, k.date->offset_minutes);
  else st->bind_null(2).bind_null(3);
  bind_opt(*st, 4, k.subject);
  bind_opt(*st, 5, k.from);
  bind_opt(*st, 6, k.to);
  bind_opt(*st, 7, k.cc);
  bind_opt(*st, 8, k.bcc);
  bind_opt(*st, 9, k.message_id);
  bind_opt(*st, 10, k.in_reply_to);
  bind_opt(*st, 11, k.references);
  return st->run();
}

result<void> add_text(connection& c, std::int64_t blob_id, std::string_view header, std::string_view body) {
  auto doc = next_doc(c);
  if (!doc) return doc.error();
  auto ins = c.prepare("INSERT INTO search_fts(rowid, header, body) VALUES(?1, ?2, ?3)");
  if (!ins) return ins.error();
  ins->bind(1, *doc).bind_text(2, header).bind_text(3, body);
  CAIRN_TRY(ins->run());
  auto st = c.prepare("UPDATE search_docs SET fts = 1, doc = ?2, text_hash = ?3 WHERE blob_id = ?1");
  if (!st) return st.error();
  st->bind(1, blob_id).bind(2, *doc).bind(3, static_cast<std::int64_t>(search_text_hash(header, body)));
  return st->run();
}

result<void> set_fts(connection& c, std::int64_t blob_id, std::int64_t state) {
  auto st = c.prepare("UPDATE search_docs SET fts = ?2, doc = NULL, text_hash = NULL WHERE blob_id = ?1");
  if (!st) return st.error();
  st->bind(1, blob_id).bind(2, state);
  return st->run();
}

// Empties the index; every blob becomes pending again.
result<void> reset_index(connection& c, bool keys_too) {
  CAIRN_TRY(c.exec("INSERT INTO search_fts(search_fts) VALUES('delete-all')"));
  CAIRN_TRY(c.exec(keys_too ? "UPDATE search_docs SET fts = 0, doc = NULL, text_hash = NULL, keys = 0"
                            : "UPDATE search_docs SET fts = 0, doc = NULL, text_hash = NULL WHERE fts != 0"));
  return meta_set(c, "search_stale", 0);
}

// Interrupts SQLite past the deadline (sqlite3_progress_handler), for the
// duration of one read.
class deadline_guard {
 public:
  deadline_guard(connection& c, std::chrono::steady_clock::time_point deadline) : c_(c), deadline_(deadline) {
    if (deadline_ != std::chrono::steady_clock::time_point::max())
      sqlite3_progress_handler(c_.handle(), 10000, &deadline_guard::check, this);
  }
  ~deadline_guard() { sqlite3_progress_handler(c_.handle(), 0, nullptr, nullptr); }
  bool expired() const { return std::chrono::steady_clock::now() > deadline_; }

 private:
  static int check(void* self) { return static_cast<deadline_guard*>(self)->expired() ? 1 : 0; }
  connection& c_;
  std::chrono::steady_clock::time_point deadline_;
};

// "3 17" -> {3, 17}
void parse_keywords(std::string_view s, std::vector<std::uint32_t>& out) {
  const char* p = s.data();
  const char* end = p + s.size();  // UNSAFE: one past the view's end
  while (p < end) {
    std::uint32_t n = 0;
    auto [next, ec] = std::from_chars(p, end, n);
    if (ec != std::errc()) break;
    out.push_back(n);
    p = next;
    while (p < end && *p == ' ') ++p;
  }
}

std::optional<std::string> opt_text(const statement& st, int col) {
  if (st.is_null(col)) return std::nullopt;
  return std::string(st.text(col));
}

std::string fts_query(const search_probe& p) {
  std::string q;
  switch (p.column) {
    case search_probe::where::header: q = "header : "; break;
    case search_probe::where::body: q = "body : "; break;
    case search_probe::where::both: q = "{header body} : "; break;
  }
  if (p.phrases.size() > 1) q += '(';
  for (std::size_t i = 0; i < p.phrases.size(); ++i) {
    if (i) q += " AND ";
    // An FTS5 string: only '"' is special inside, written twice.
    q += '"';
    for (char ch : p.phrases[i]) {
      if (ch == '"') q += '"';
      q += ch;
    }
    q += '"';
  }
  if (p.phrases.size() > 1) q += ')';
  return q;
}

// Conditions every match meets, taken from the key's top-level AND, for
// SQLite to filter rows before they are loaded: the evaluator still decides
// each row. UNSEEN reads the partial index of unseen messages
// (schema.cpp), so it costs what the unseen messages cost.
struct prefilter {
  std::string where;  // " AND ..." with ?2, ?3, ... in order
  std::vector<std::variant<std::int64_t, std::string>> params;
  bool unseen = false;
};

// The search_docs column of an address or subject key.
const char* key_column(search_key::kind k) {
  switch (k) {
    case search_key::kind::from: return "d.hdr_from";
    case search_key::kind::to: return "d.hdr_to";
    case search_key::kind::cc: return "d.hdr_cc";
    case search_key::kind::bcc: return "d.hdr_bcc";
    case search_key::kind::subject: return "d.hdr_subject";
    default: return nullptr;
  }
}

prefilter prefilter_of(const search_key& key) {
  using kind = search_key::kind;
  prefilter p;
  std::vector<const search_key*> all;
  if (key.k == kind::and_) {
    for (const auto& c : key.children) all.push_back(&c);
  } else {
    all.push_back(&key);
  }
  auto param = [&](std::variant<std::int64_t, std::string> v) {
    p.params.push_back(std::move(v));
    return "?" + std::to_string(p.params.size() + 1);
  };
  // One clause of each kind at most, so the statement cache holds a
  // bounded number of forms.
  bool flags = false, uids = false, from = false, to = false, larger = false, smaller = false, modseq = false;
  unsigned keyed = 0;
  for (const search_key* c : all) {
    switch (c->k) {
      case kind::from:
      case kind::to:
      case kind::cc:
      case kind::bcc:
      case kind::subject: {
        // Decided in SQLite, without loading the row, by the evaluator's
        // own test (cairn_contains, below); messages whose keys are not
        // stored go on to the evaluator, which reads them.
        const unsigned bit = 1u << static_cast<unsigned>(c->k);
        if (keyed & bit) break;
        keyed |= bit;
        const std::string col = key_column(c->k);
        if (c->text.empty()) p.where += " AND (d.keys IS NOT 1 OR " + col + " IS NOT NULL)";
        else p.where += " AND (d.keys IS NOT 1 OR cairn_contains(" + col + ", " + param(casemap(c->text)) + "))";
        break;
      }
      case kind::not_:
        if (!p.unseen && c->children.size() == 1 && c->children[0].k == kind::flag &&
            c->children[0].number == flag_seen) {
          // Written exactly as the partial index's condition.
          p.where += " AND (m.flags & 1) = 0";
          p.unseen = true;
        }
        break;
      case kind::flag:
        if (!flags) {
          flags = true;
          std::string n = param(c->number);
          p.where += " AND (m.flags & " + n + ") = " + n;
        }
        break;
      case kind::uids:
        if (!uids && !c->uids.empty()) {
          uids = true;
          uid_t lo = c->uids.front().first, hi = c->uids.front().last;
          for (const auto& r : c->uids) lo = std::min(lo, std::min(r.first, r.last)), hi = std::max(hi, std::max(r.first, r.last));
          p.where += " AND m.uid BETWEEN " + param(lo) + " AND " + param(hi);
        }
        break;
      case kind::since_day:
      case kind::on_day:
        if (!from) {
          from = true;
          p.where += " AND m.internal_date + m.date_offset * 60 >= " + param(c->number * 86400);
        }
        if (c->k == kind::since_day) break;
        [[fallthrough]];
      case kind::before_day:
        if (!to) {
          to = true;
          p.where += " AND m.internal_date + m.date_offset * 60 < " +
                     param((c->k == kind::on_day ? c->number + 1 : c->number) * 86400);
        }
        break;
      case kind::modseq:
        if (!modseq) {
          modseq = true;
          p.where += " AND m.modseq >= " + param(c->number);
        }
        break;
      case kind::larger:
        if (!larger) {
          larger = true;
          p.where += " AND m.size > " + param(c->number);
        }
        break;
      case kind::smaller:
        if (!smaller) {
          smaller = true;
          p.where += " AND m.size < " + param(c->number);
        }
        break;
      default: break;
    }
  }
  return p;
}

// cairn_contains(stored value, folded string): stored_value_contains() as
// an SQL function; NULL (no such field) is false.
void sql_contains(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_int(ctx, 0);
  auto text = [](sqlite3_value* v) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
    return std::string_view(p ? p : "", static_cast<std::size_t>(sqlite3_value_bytes(v)));
  };
  sqlite3_result_int(ctx, stored_value_contains(text(argv[0]), text(argv[1])) ? 1 : 0);
}

// Once per read connection a search uses: the SQL function above, and
// memory-mapped reads, so that a search over a whole mailbox's header keys
// does not copy every page through read() each time.
result<void> prepare_connection(connection& c) {
  // Reader connections are pooled and kept: a connection once prepared
  // stays so (sqlite3_get_clientdata does not exist in 3.40: probe).
  sqlite3_stmt* probe = nullptr;
  if (sqlite3_prepare_v2(c.handle(), "SELECT cairn_contains(NULL, '')", -1, &probe, nullptr) == SQLITE_OK) {
    sqlite3_finalize(probe);
    return {};
  }
  CAIRN_TRY(c.exec("PRAGMA mmap_size = 268435456"));
  int rc = sqlite3_create_function_v2(c.handle(), "cairn_contains", 2,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, nullptr,
                                      &sql_contains, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return to_errc(rc);
  return {};
}

struct loaded {
  std::unique_ptr<search_program> program;
  std::vector<search_row> rows;
  std::vector<std::optional<std::vector<std::int64_t>>> answers;
  std::uint64_t lookups = 0;
};

}  // namespace

result<void> search_on_append(connection& c, std::string_view hash_bytes, const search_data* data, bool& deferred) {
  std::int64_t blob_id = 0;
  {
    auto st = c.prepare("SELECT id FROM blobs WHERE hash = ?1");
    if (!st) return st.error();
    st->bind_blob(1, hash_bytes);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return errc::internal;
    blob_id = st->int64(0);
  }
  {
    auto st = c.prepare("INSERT INTO search_docs(blob_id) VALUES(?1) ON CONFLICT(blob_id) DO NOTHING");
    if (!st) return st.error();
    st->bind(1, blob_id);
    CAIRN_TRY(st->run());
  }
  std::int64_t keys = 0, fts = 0;
  {
    auto st = c.prepare("SELECT keys, fts FROM search_docs WHERE blob_id = ?1");
    if (!st) return st.error();
    st->bind(1, blob_id);
    auto row = st->step();
    if (!row) return row.error();
    if (*row) {
      keys = st->int64(0);
      fts = st->int64(1);
    }
  }
  if (!data) {
    if (fts == fts_pending) deferred = true;
    return {};
  }
  if (!keys) CAIRN_TRY(store_keys(c, blob_id, data->keys));
  if (fts != fts_pending) return {};
  // Large texts would hold the write lock (and every writer of the
  // account) for long: the background indexer takes them.
  if (data->indexable && data->header_text.size() + data->body_text.size() <= inline_index_text)
    return add_text(c, blob_id, data->header_text, data->body_text);
  if (data->too_large) return set_fts(c, blob_id, fts_too_large);
  deferred = true;
  return {};
}

result<void> check_search_version(database& db) {
  const auto want = static_cast<std::int64_t>(search_text_version());
  auto have = db.read<std::int64_t>([](connection& c) { return meta_get(c, "search_version"); });
  if (!have) return have.error();
  if (*have == want) return {};
  return db.write([&](write_context& ctx) -> result<void> {
    auto v = meta_get(ctx.conn, "search_version");
    if (!v) return v.error();
    if (*v == want) return {};
    // A database that never had a version has an empty index already; one
    // made by other code must not keep text or keys this code would not
    // derive.
    if (*v != 0) {
      log::info("search_index_reset", {{"from", *v}, {"to", want}});
      CAIRN_TRY(reset_index(ctx.conn, true));
    }
    return meta_set(ctx.conn, "search_version", want);
  });
}

namespace {

// The columns row queries select, in this order (read_row): the message's,
// then its blob's search_docs row when joined.
#define SEARCH_ROW_COLS "m.uid, m.flags, m.keywords, m.internal_date, m.date_offset, m.size, m.blob_id, m.modseq"
#define SEARCH_DOC_COLS                                                                                     \
  ", d.keys, d.fts, d.doc, d.sent_date, d.sent_offset, d.hdr_subject, d.hdr_from, d.hdr_to, d.hdr_cc, " \
  "d.hdr_bcc, d.hdr_message_id, d.hdr_in_reply_to, d.hdr_references"

search_row read_row(const statement& st, const search_needs& need, bool joined) {
  search_row r;
  r.uid = static_cast<uid_t>(st.int64(0));
  r.flags = static_cast<std::uint8_t>(st.int64(1));
  if (need.keywords && !st.is_null(2)) parse_keywords(st.text(2), r.keywords);
  r.internal_date = {st.int64(3), static_cast<std::int32_t>(st.int64(4))};
  r.size = static_cast<std::uint64_t>(st.int64(5));
  r.blob = st.int64(6);
  r.modseq = static_cast<modseq_t>(st.int64(7));
  if (!joined) return r;
  constexpr int d = 8;  // the first search_docs column
  r.has_keys = !st.is_null(d) && st.int64(d) == 1;
  r.indexed = !st.is_null(d + 1) && st.int64(d + 1) == fts_indexed && !st.is_null(d + 2);
  r.doc = r.indexed ? st.int64(d + 2) : 0;
  if (r.has_keys && need.key_slots) {
    r.keys = std::make_unique<header_keys>();
    header_keys& k = *r.keys;
    const unsigned want = need.key_slots;
    auto slot = [&](unsigned bit, int col, std::optional<std::string>& out) {
      if (want & (1u << bit)) out = opt_text(st, col);
    };
    if ((want & (1u << slot_date)) && !st.is_null(d + 3))
      k.date = zoned_time{st.int64(d + 3), static_cast<std::int32_t>(st.int64(d + 4))};
    slot(slot_subject, d + 5, k.subject);
    slot(slot_from, d + 6, k.from);
    slot(slot_to, d + 7, k.to);
    slot(slot_cc, d + 8, k.cc);
    slot(slot_bcc, d + 9, k.bcc);
    slot(slot_message_id, d + 10, k.message_id);
    slot(slot_in_reply_to, d + 11, k.in_reply_to);
    slot(slot_references, d + 12, k.references);
  }
  return r;
}

// Past this many documents in the narrowest required probe's answer, loading
// every row of the mailbox costs less than looking each one up.
constexpr std::size_t candidate_lookup_max = 20000;

}  // namespace

result<search_result> search_mailbox(database& db, const blob_files& blobs, mailbox_id box, const search_key& key,
                                     const search_options& opt) {
  auto got = db.read<loaded>([&](connection& c) -> result<loaded> {
    loaded l;
    CAIRN_TRY(prepare_connection(c));
    deadline_guard guard(c, opt.deadline);
    auto failed = [&](std::error_code e) -> failure { return guard.expired() ? failure(errc::timeout) : failure(e); };
    {
      auto st = c.prepare("SELECT 1 FROM mailboxes WHERE id = ?1");
      if (!st) return st.error();
      st->bind(1, box);
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return errc::not_found;
    }
    // Keywords by name (ASCII case-insensitive, as stored).
    std::unordered_map<std::string, int> kw;
    {
      auto st = c.prepare("SELECT num, name FROM keywords WHERE mailbox_id = ?1");
      if (!st) return st.error();
      st->bind(1, box);
      for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        std::string name(st->text(1));
        for (char& ch : name)
          if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        kw.emplace(std::move(name), static_cast<int>(st->int64(0)));
      }
    }
    l.program = std::make_unique<search_program>(
        key,
        [&](std::string_view name) {
          std::string n(name);
          for (char& ch : n)
            if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
          auto it = kw.find(n);
          return it == kw.end() ? -1 : it->second;
        },
        opt.use_index);
    const search_needs& need = l.program->needs();

    // The index first: its answers may narrow the rows to load.
    for (const auto& p : l.program->probes()) {
      auto q = c.prepare("SELECT rowid FROM search_fts WHERE search_fts MATCH ?1");
      if (!q) return q.error();
      q->bind_text(1, fts_query(p));
      std::vector<std::int64_t> docs;
      for (;;) {
        auto row = q->step();
        if (!row) return failed(row.error());
        if (!*row) break;
        docs.push_back(q->int64(0));
      }
      std::sort(docs.begin(), docs.end());
      l.answers.emplace_back(std::move(docs));
      ++l.lookups;
    }
    std::optional<std::size_t> narrow;
    for (auto i : l.program->required_probes())
      if (!narrow || l.answers[i]->size() < l.answers[*narrow]->size()) narrow = i;
    if (narrow && l.answers[*narrow]->size() > candidate_lookup_max) narrow.reset();

    const prefilter pre = prefilter_of(key);
    auto load = [&](const std::string& sql, bool joined, const std::string* json) -> result<void> {
      auto st = c.prepare(sql);
      if (!st) return failed(st.error());
      st->bind(1, box);
      for (std::size_t i = 0; i < pre.params.size(); ++i) {
        if (const auto* n = std::get_if<std::int64_t>(&pre.params[i])) st->bind(static_cast<int>(i) + 2, *n);
        else st->bind_text(static_cast<int>(i) + 2, std::get<std::string>(pre.params[i]));
      }
      if (json) st->bind_text(static_cast<int>(pre.params.size()) + 2, *json);
      for (;;) {
        auto row = st->step();
        if (!row) return failed(row.error());
        if (!*row) break;
        l.rows.push_back(read_row(*st, need, joined));
      }
      return {};
    };
    if (narrow) {
      // Only the messages in the answer, and those the index does not hold
      // (search_docs.fts != 1), each through an index (schema.cpp): every
      // message has a blob_id and its blob a search_docs row.
      std::string json = "[";
      for (auto d : *l.answers[*narrow]) {
        if (json.size() > 1) json += ',';
        json += std::to_string(d);
      }
      json += ']';
      const std::string json_param = "?" + std::to_string(pre.params.size() + 2);
      CAIRN_TRY(load("SELECT " SEARCH_ROW_COLS SEARCH_DOC_COLS " FROM json_each(" + json_param +
                         ") j CROSS JOIN search_docs d INDEXED BY search_docs_doc CROSS JOIN messages m INDEXED BY "
                         "messages_blob_id WHERE d.doc = j.value AND m.blob_id = d.blob_id AND m.mailbox_id = ?1 "
                         "AND m.expunged = 0" + pre.where,
                     true, &json));
      CAIRN_TRY(load("SELECT " SEARCH_ROW_COLS SEARCH_DOC_COLS " FROM search_docs d INDEXED BY search_docs_unindexed CROSS JOIN "
                     "messages m INDEXED BY messages_blob_id WHERE d.fts != 1 AND m.blob_id = d.blob_id AND "
                     "m.mailbox_id = ?1 AND m.expunged = 0" + pre.where,
                     true, nullptr));
      std::sort(l.rows.begin(), l.rows.end(), [](const search_row& a, const search_row& b) { return a.uid < b.uid; });
    } else {
      // Without header keys or text, no search_docs row is needed.
      const bool joined = need.keys || need.text;
      std::string sql = joined ? "SELECT " SEARCH_ROW_COLS SEARCH_DOC_COLS " FROM messages m"
                               : "SELECT " SEARCH_ROW_COLS " FROM messages m";
      if (pre.unseen) sql += " INDEXED BY messages_unseen";
      if (joined) sql += " LEFT JOIN search_docs d ON d.blob_id = m.blob_id";
      sql += " WHERE m.mailbox_id = ?1 AND m.expunged = 0" + pre.where + " ORDER BY m.uid";
      CAIRN_TRY(load(sql, joined, nullptr));
    }
    return l;
  });
  if (!got) return got.error();
  search_result out;
  out.stats.index_lookups = got->lookups;
  const message_reader read = [&](const search_row& r) -> result<std::string> {
    auto hash = db.read<std::string>([&](connection& c) -> result<std::string> {
      auto st = c.prepare("SELECT hash FROM blobs WHERE id = ?1");
      if (!st) return st.error();
      st->bind(1, r.blob);
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return errc::not_found;
      return hash_from_bytes(st->blob(0));
    });
    if (!hash) return hash.error();
    auto bytes = blobs.read(*hash, 0, static_cast<std::size_t>(r.size));
    // A blob file that is gone belongs to a message purged since the rows
    // were read (its collector ran meanwhile): it matches nothing.
    if (!bytes && bytes.error() == errc::corrupted) return errc::not_found;
    return bytes;
  };
  auto uids = got->program->run(got->rows, got->answers, read, opt.deadline, out.stats);
  if (!uids) return uids.error();
  out.uids = std::move(*uids);
  // Both ascending by UID.
  out.modseqs.reserve(out.uids.size());
  auto row = got->rows.begin();
  for (uid_t u : out.uids) {
    while (row != got->rows.end() && row->uid < u) ++row;
    out.modseqs.push_back(row != got->rows.end() ? row->modseq : 0);
  }
  return out;
}

namespace {

struct to_index {
  std::int64_t blob_id = 0;
  header_keys keys;
  bool too_large = false;
  search_texts texts;
};

struct to_remove {
  std::int64_t blob_id = 0;
  std::int64_t doc = 0;
  std::int64_t hash = 0;
  bool readable = false;
  search_texts texts;
};

struct work_list {
  std::vector<std::pair<std::int64_t, blob_ref>> pending;                        // blob id, blob
  std::vector<std::tuple<std::int64_t, blob_ref, std::int64_t, std::int64_t>> dead;  // id, blob, doc, hash
};

}  // namespace

result<index_work> index_some(database& db, const blob_files& blobs, std::size_t max, std::size_t max_text,
                              bool removals_only) {
  auto list = db.read<work_list>([&](connection& c) -> result<work_list> {
    work_list w;
    {
      auto st = c.prepare(
          "SELECT b.id, b.hash, b.size, d.doc, d.text_hash FROM blobs b JOIN search_docs d ON d.blob_id = b.id "
          "WHERE b.refcount = 0 AND d.fts = 1 LIMIT ?1");
      if (!st) return st.error();
      st->bind(1, static_cast<std::int64_t>(max) + 1);
      for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        w.dead.emplace_back(st->int64(0), blob_ref{hash_from_bytes(st->blob(1)), static_cast<std::uint64_t>(st->int64(2))},
                            st->int64(3), st->int64(4));
      }
    }
    if (!removals_only) {
      auto st = c.prepare(
          "SELECT d.blob_id, b.hash, b.size FROM search_docs d JOIN blobs b ON b.id = d.blob_id "
          "WHERE d.fts = 0 AND b.refcount > 0 LIMIT ?1");
      if (!st) return st.error();
      st->bind(1, static_cast<std::int64_t>(max) + 1);
      for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        w.pending.emplace_back(st->int64(0),
                               blob_ref{hash_from_bytes(st->blob(1)), static_cast<std::uint64_t>(st->int64(2))});
      }
    }
    return w;
  });
  if (!list) return list.error();
  index_work out;
  out.more = list->pending.size() > max || list->dead.size() > max;
  if (list->pending.size() > max) list->pending.resize(max);
  if (list->dead.size() > max) list->dead.resize(max);
  if (list->pending.empty() && list->dead.empty()) return out;

  // Read and derive outside any transaction: the slow part.
  std::vector<to_index> adds;
  for (const auto& [id, blob] : list->pending) {
    auto raw = blobs.read(blob.hash, 0, static_cast<std::size_t>(blob.size));
    if (!raw) continue;  // purged meanwhile; the collector takes its row
    mime::message m = parse_for_search(*raw);
    to_index t;
    t.blob_id = id;
    t.keys = extract_header_keys(*raw, m);
    extract_search_texts(*raw, m, search_header | search_body, t.texts);
    if (t.texts.header.size() + t.texts.body.size() > max_text) {
      t.too_large = true;
      t.texts = {};
    }
    adds.push_back(std::move(t));
  }
  std::vector<to_remove> removes;
  for (const auto& [id, blob, doc, hash] : list->dead) {
    to_remove r;
    r.blob_id = id;
    r.doc = doc;
    r.hash = hash;
    // A blob whose text is in the index is never collected (account.cpp),
    // so its file is still there.
    if (auto raw = blobs.read(blob.hash, 0, static_cast<std::size_t>(blob.size))) {
      extract_search_texts(*raw, parse_for_search(*raw), search_header | search_body, r.texts);
      r.readable = true;
    }
    removes.push_back(std::move(r));
  }

  // Text added to the index is derived: a crash that loses it leaves the
  // documents pending, to be indexed again. Removals are synced: the blob
  // collector unlinks files once they are committed (account.cpp).
  auto w = db.write([&](write_context& ctx) -> result<void> {
    connection& c = ctx.conn;
    out.indexed = out.removed = out.stale = 0;
    for (const auto& t : adds) {
      auto st = c.prepare(
          "SELECT d.fts FROM search_docs d JOIN blobs b ON b.id = d.blob_id WHERE d.blob_id = ?1 AND b.refcount > 0");
      if (!st) return st.error();
      st->bind(1, t.blob_id);
      auto row = st->step();
      if (!row) return row.error();
      if (!*row || st->int64(0) != fts_pending) continue;  // changed meanwhile
      CAIRN_TRY(store_keys(c, t.blob_id, t.keys));
      if (t.too_large) {
        CAIRN_TRY(set_fts(c, t.blob_id, fts_too_large));
      } else {
        CAIRN_TRY(add_text(c, t.blob_id, t.texts.header, t.texts.body));
        ++out.indexed;
      }
    }
    std::int64_t stale = 0;
    for (const auto& r : removes) {
      auto st = c.prepare(
          "SELECT d.fts, d.doc, b.refcount FROM search_docs d JOIN blobs b ON b.id = d.blob_id WHERE d.blob_id = ?1");
      if (!st) return st.error();
      st->bind(1, r.blob_id);
      auto row = st->step();
      if (!row) return row.error();
      if (!*row || st->int64(0) != fts_indexed || st->int64(1) != r.doc || st->int64(2) != 0) continue;
      if (r.readable && static_cast<std::int64_t>(search_text_hash(r.texts.header, r.texts.body)) == r.hash) {
        auto del = c.prepare("INSERT INTO search_fts(search_fts, rowid, header, body) VALUES('delete', ?1, ?2, ?3)");
        if (!del) return del.error();
        del->bind(1, r.doc).bind_text(2, r.texts.header).bind_text(3, r.texts.body);
        CAIRN_TRY(del->run());
        ++out.removed;
      } else {
        ++stale;
      }
      CAIRN_TRY(set_fts(c, r.blob_id, fts_pending));
    }
    if (stale > 0) {
      out.stale = static_cast<std::size_t>(stale);
      auto have = meta_get(c, "search_stale");
      if (!have) return have.error();
      auto docs = c.prepare("SELECT count(*) FROM search_docs WHERE fts = 1");
      if (!docs) return docs.error();
      auto row = docs->step();
      if (!row) return row.error();
      const std::int64_t indexed = docs->int64(0);
      const std::int64_t total = *have + stale;
      if (total >= stale_rebuild_min && total * stale_rebuild_divisor > indexed) {
        log::info("search_index_rebuild", {{"stale", total}, {"indexed", indexed}});
        CAIRN_TRY(reset_index(c, false));
        out.more = true;
      } else {
        CAIRN_TRY(meta_set(c, "search_stale", total));
      }
    }
    return {};
  }, removes.empty() ? durability::relaxed : durability::full);
  if (!w) return w.error();
  return out;
}

result<index_stats> search_index_stats(database& db) {
  return db.read<index_stats>([](connection& c) -> result<index_stats> {
    index_stats s;
    {
      auto st = c.prepare(
          "SELECT count(*), coalesce(sum(fts = 1), 0), coalesce(sum(fts = 0), 0), coalesce(sum(fts = 2), 0) "
          "FROM search_docs");
      if (!st) return st.error();
      auto row = st->step();
      if (!row) return row.error();
      s.docs = static_cast<std::uint64_t>(st->int64(0));
      s.indexed = static_cast<std::uint64_t>(st->int64(1));
      s.pending = static_cast<std::uint64_t>(st->int64(2));
      s.too_large = static_cast<std::uint64_t>(st->int64(3));
    }
    auto stale = meta_get(c, "search_stale");
    if (!stale) return stale.error();
    s.stale = static_cast<std::uint64_t>(*stale);
    // dbstat is compiled into Debian's SQLite; without it, sizes stay 0.
    // One b-tree at a time (name = ?), so the rest of the file is not read.
    auto pages = [&](const char* name) -> std::uint64_t {
      auto st = c.prepare("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = ?1");
      if (!st) return 0;
      st->bind_text(1, name);
      auto row = st->step();
      return row && *row ? static_cast<std::uint64_t>(st->int64(0)) : 0;
    };
    for (const char* t : {"search_fts_data", "search_fts_idx", "search_fts_config"}) s.index_bytes += pages(t);
    for (const char* t : {"search_docs", "search_docs_todo", "search_docs_unindexed", "search_docs_doc"})
      s.keys_bytes += pages(t);
    return s;
  });
}

result<bool> index_work_pending(database& db) {
  return db.read<bool>([](connection& c) -> result<bool> {
    auto st = c.prepare(
        "SELECT EXISTS(SELECT 1 FROM search_docs d JOIN blobs b ON b.id = d.blob_id WHERE d.fts = 0 AND b.refcount > 0) "
        "OR EXISTS(SELECT 1 FROM blobs b JOIN search_docs d ON d.blob_id = b.id WHERE b.refcount = 0 AND d.fts = 1)");
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    return *row && st->int64(0) != 0;
  });
}

}  // namespace cairn::store::sqlite

namespace cairn::store::sqlite {

result<std::vector<sort_source>> sort_sources_of(database& db, const blob_files& blobs, mailbox_id box,
                                                 const std::vector<uid_t>* uids, unsigned fields,
                                                 std::chrono::steady_clock::time_point deadline) {
  struct pending {
    std::size_t at;
    std::int64_t blob_id;
  };
  std::vector<pending> unkeyed;
  const bool joined = (fields & ~0u) != 0;
  auto got = db.read<std::vector<sort_source>>([&](connection& c) -> result<std::vector<sort_source>> {
    CAIRN_TRY(prepare_connection(c));
    deadline_guard guard(c, deadline);
    {
      auto st = c.prepare("SELECT 1 FROM mailboxes WHERE id = ?1");
      if (!st) return st.error();
      st->bind(1, box);
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return errc::not_found;
    }
    // Only the columns asked for; the rest stay NULL.
    auto col = [&](unsigned bit, const char* name) {
      return std::string(", ") + ((fields & bit) ? name : "NULL");
    };
    std::string sql = "SELECT m.uid, m.internal_date, m.date_offset, m.size, m.blob_id";
    if (joined) {
      sql += ", d.keys";
      sql += col(field_date, "d.sent_date") + col(field_date, "d.sent_offset");
      sql += col(field_subject, "d.hdr_subject") + col(field_from, "d.hdr_from") + col(field_to, "d.hdr_to") +
             col(field_cc, "d.hdr_cc") + col(field_thread, "d.hdr_message_id") +
             col(field_thread, "d.hdr_in_reply_to") + col(field_thread, "d.hdr_references");
      sql += " FROM messages m LEFT JOIN search_docs d ON d.blob_id = m.blob_id";
    } else {
      sql += " FROM messages m";
    }
    // From the first UID wanted on (new mail, for a cache, is at the end).
    sql += " WHERE m.mailbox_id = ?1 AND m.expunged = 0 AND m.uid >= ?2 ORDER BY m.uid";
    auto st = c.prepare(sql);
    if (!st) return st.error();
    st->bind(1, box).bind(2, static_cast<std::int64_t>(uids && !uids->empty() ? uids->front() : 0));
    std::vector<sort_source> out;
    if (uids) out.reserve(uids->size());
    auto want = uids ? uids->begin() : std::vector<uid_t>::const_iterator();
    for (;;) {
      auto row = st->step();
      if (!row) return guard.expired() ? std::error_code(errc::timeout) : row.error();
      if (!*row) break;
      auto uid = static_cast<uid_t>(st->int64(0));
      if (uids) {
        while (want != uids->end() && *want < uid) ++want;
        if (want == uids->end()) break;
        if (*want != uid) continue;
      }
      sort_source r;
      r.uid = uid;
      r.internal_date = {st->int64(1), static_cast<std::int32_t>(st->int64(2))};
      r.size = static_cast<std::uint64_t>(st->int64(3));
      if (joined) {
        if (st->is_null(5) || st->int64(5) != 1) {
          unkeyed.push_back({out.size(), st->int64(4)});
        } else {
          header_keys& k = r.keys;
          if (!st->is_null(6)) k.date = zoned_time{st->int64(6), static_cast<std::int32_t>(st->int64(7))};
          k.subject = opt_text(*st, 8);
          k.from = opt_text(*st, 9);
          k.to = opt_text(*st, 10);
          k.cc = opt_text(*st, 11);
          k.message_id = opt_text(*st, 12);
          k.in_reply_to = opt_text(*st, 13);
          k.references = opt_text(*st, 14);
        }
      }
      out.push_back(std::move(r));
    }
    return out;
  });
  if (!got) return got.error();
  // Messages the background indexer has not reached: derived from the blob
  // now, as it would (the same function).
  for (const auto& u : unkeyed) {
    if (std::chrono::steady_clock::now() > deadline) return errc::timeout;
    sort_source& r = (*got)[u.at];
    auto hash = db.read<std::string>([&](connection& c) -> result<std::string> {
      auto st = c.prepare("SELECT hash FROM blobs WHERE id = ?1");
      if (!st) return st.error();
      st->bind(1, u.blob_id);
      auto row = st->step();
      if (!row) return row.error();
      if (!*row) return errc::not_found;
      return hash_from_bytes(st->blob(0));
    });
    if (!hash) {
      if (hash.error() == errc::not_found) continue;  // purged meanwhile
      return hash.error();
    }
    auto bytes = blobs.read(*hash, 0, static_cast<std::size_t>(r.size));
    if (!bytes) {
      if (bytes.error() == errc::corrupted) continue;
      return bytes.error();
    }
    auto m = parse_for_search(*bytes);
    r.keys = extract_header_keys(*bytes, m);
  }
  return got;
}

}  // namespace cairn::store::sqlite
