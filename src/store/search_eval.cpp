#include "store/search_eval.hpp"

#include <algorithm>

#include "mime/header.hpp"
#include "mime/message.hpp"
#include "mime/rfc822.hpp"
#include "store/casemap.hpp"
#include "store/flags.hpp"
#include "store/search_text.hpp"

namespace cairn::store {

using kind = search_key::kind;

namespace {

// Which stored header key a FROM/TO/... or HEADER key reads.
enum class key_slot : std::uint8_t { none, subject, from, to, cc, bcc, message_id, in_reply_to, references };

unsigned slot_bit(key_slot s) {
  switch (s) {
    case key_slot::subject: return 1u << slot_subject;
    case key_slot::from: return 1u << slot_from;
    case key_slot::to: return 1u << slot_to;
    case key_slot::cc: return 1u << slot_cc;
    case key_slot::bcc: return 1u << slot_bcc;
    case key_slot::message_id: return 1u << slot_message_id;
    case key_slot::in_reply_to: return 1u << slot_in_reply_to;
    case key_slot::references: return 1u << slot_references;
    case key_slot::none: break;
  }
  return 0;
}

key_slot slot_for_header(std::string_view name) {
  struct {
    const char* name;
    key_slot slot;
  } const table[] = {{"subject", key_slot::subject},       {"from", key_slot::from},
                     {"to", key_slot::to},                 {"cc", key_slot::cc},
                     {"bcc", key_slot::bcc},               {"message-id", key_slot::message_id},
                     {"in-reply-to", key_slot::in_reply_to}, {"references", key_slot::references}};
  for (const auto& t : table)
    if (mime::iequals(name, t.name)) return t.slot;
  return key_slot::none;
}

const std::optional<std::string>& slot_value(const header_keys& k, key_slot s) {
  switch (s) {
    case key_slot::subject: return k.subject;
    case key_slot::from: return k.from;
    case key_slot::to: return k.to;
    case key_slot::cc: return k.cc;
    case key_slot::bcc: return k.bcc;
    case key_slot::message_id: return k.message_id;
    case key_slot::in_reply_to: return k.in_reply_to;
    case key_slot::references: return k.references;
    case key_slot::none: break;
  }
  static const std::optional<std::string> absent;
  return absent;
}

std::int64_t day_of(const zoned_time& t) {
  std::int64_t local = t.unix_seconds + std::int64_t(t.offset_minutes) * 60;
  return local >= 0 ? local / 86400 : (local - 86399) / 86400;
}

bool in_ranges(const uid_ranges& r, uid_t u) {
  auto it = std::upper_bound(r.begin(), r.end(), u, [](uid_t v, const uid_range& x) { return v < x.first; });
  if (it == r.begin()) return false;
  --it;
  return u >= it->first && u <= it->last;
}

uid_ranges normalized(uid_ranges r) {
  std::sort(r.begin(), r.end(), [](const uid_range& a, const uid_range& b) { return a.first < b.first; });
  uid_ranges out;
  for (auto x : r) {
    if (x.first > x.last) std::swap(x.first, x.last);
    if (!out.empty() && std::uint64_t(out.back().last) + 1 >= x.first) out.back().last = std::max(out.back().last, x.last);
    else out.push_back(x);
  }
  return out;
}

}  // namespace

struct search_program::node {
  kind k = kind::all;
  std::vector<std::uint32_t> children;
  int cost = 0;  // 0: metadata, 1: header keys, 2: index, 3: reading the message
  std::int64_t number = 0;
  std::string folded;  // casemap of the string
  bool folded_ascii = true;
  std::string name;    // HEADER field name
  key_slot slot = key_slot::none;
  int keyword = -1;
  uid_ranges uids;
  int probe = -1;
};

namespace {

struct compiler {
  std::vector<search_program::node>& nodes;
  search_needs& needs;
  std::vector<search_probe>& probes;
  const std::function<int(std::string_view)>& keyword_number;
  bool use_index;

  std::uint32_t add(const search_key& key) {
    auto idx = static_cast<std::uint32_t>(nodes.size());
    nodes.emplace_back();
    search_program::node n;
    n.k = key.k;
    n.number = key.number;
    switch (key.k) {
      case kind::all:
      case kind::none: break;
      case kind::and_:
      case kind::or_:
      case kind::not_: {
        for (const auto& c : key.children) {
          std::uint32_t ci = add(c);
          n.children.push_back(ci);
          n.cost = std::max(n.cost, nodes[ci].cost);
        }
        // Cheap children first: AND and OR stop at the first that decides.
        std::stable_sort(n.children.begin(), n.children.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return nodes[a].cost < nodes[b].cost; });
        break;
      }
      case kind::uids: n.uids = normalized(key.uids); break;
      case kind::flag: needs.flags = true; break;
      case kind::keyword:
        needs.keywords = true;
        n.keyword = keyword_number(key.text);
        break;
      case kind::before_day:
      case kind::on_day:
      case kind::since_day:
      case kind::at_or_before:
      case kind::at_or_after: needs.dates = true; break;
      case kind::larger:
      case kind::smaller:
      case kind::modseq: needs.sizes = true; break;
      case kind::sent_before_day:
      case kind::sent_on_day:
      case kind::sent_since_day:
        needs.keys = true;
        needs.key_slots |= 1u << slot_date;
        n.cost = 1;
        break;
      case kind::from:
      case kind::to:
      case kind::cc:
      case kind::bcc:
      case kind::subject:
        n.slot = key.k == kind::from ? key_slot::from
                 : key.k == kind::to ? key_slot::to
                 : key.k == kind::cc ? key_slot::cc
                 : key.k == kind::bcc ? key_slot::bcc
                                      : key_slot::subject;
        needs.keys = true;
        needs.key_slots |= slot_bit(n.slot);
        n.folded = casemap(key.text);
        n.cost = 1;
        break;
      case kind::header:
        n.name = key.name;
        n.folded = casemap(key.text);
        n.slot = slot_for_header(key.name);
        if (n.slot != key_slot::none) {
          needs.keys = true;
          needs.key_slots |= slot_bit(n.slot);
          n.cost = 1;
          break;
        }
        needs.text = true;
        n.cost = 3;
        if (use_index) {
          search_probe p;
          p.column = search_probe::where::header;
          std::string_view name = mime::comparable_name(key.name);
          if (!name.empty()) p.phrases.push_back(casemap("\n" + std::string(name) + ":"));
          if (count_code_points(n.folded) >= 3) p.phrases.push_back(n.folded);
          if (!p.phrases.empty()) {
            n.probe = static_cast<int>(probes.size());
            probes.push_back(std::move(p));
            n.cost = 2;
          }
        }
        break;
      case kind::body:
      case kind::text:
        needs.text = true;
        n.folded = casemap(key.text);
        n.cost = 3;
        // Fewer than three characters: no trigram to look up.
        if (use_index && count_code_points(n.folded) >= 3) {
          search_probe p;
          p.column = key.k == kind::body ? search_probe::where::body : search_probe::where::both;
          p.phrases.push_back(n.folded);
          n.probe = static_cast<int>(probes.size());
          probes.push_back(std::move(p));
          n.cost = 2;
        }
        break;
    }
    n.folded_ascii = std::all_of(n.folded.begin(), n.folded.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    nodes[idx] = std::move(n);
    return idx;
  }
};

// What one message's evaluation has loaded so far.
struct row_state {
  const search_row& row;
  const message_reader& read;
  search_stats& stats;
  bool loaded = false;
  bool gone = false;  // purged since the search began: matches no text key
  std::string raw;
  std::optional<mime::message> parsed;
  unsigned have_texts = 0;
  search_texts texts;
  std::optional<header_keys> keys;
  std::error_code error;

  bool load() {
    if (loaded) return !gone;
    loaded = true;
    ++stats.scanned;
    auto r = read(row);
    if (!r) {
      if (r.error() == errc::not_found) gone = true;
      else error = r.error();
      return false;
    }
    raw = std::move(*r);
    return true;
  }
  const mime::message* message() {
    if (!load()) return nullptr;
    if (!parsed) parsed = parse_for_search(raw);
    return &*parsed;
  }
  const header_keys* header() {
    if (row.has_keys && row.keys) return row.keys.get();
    if (!keys) {
      const mime::message* m = message();
      if (!m) return nullptr;
      keys = extract_header_keys(raw, *m);
    }
    return &*keys;
  }
  const search_texts* text(unsigned parts) {
    if ((have_texts & parts) == parts) return &texts;
    const mime::message* m = message();
    if (!m) return nullptr;
    // Both at once: a TEXT key needs both, and the parse is shared.
    extract_search_texts(raw, *m, search_header | search_body, texts);
    have_texts = search_header | search_body;
    return &texts;
  }
};

// True when `s` is plain ASCII with nothing to decode: then its
// header_value_text is `s` trimmed, and its casemap its upper case.
bool plain_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80 || c == 0 || c == '\r' || c == '\n') return false;
  return s.find("=?") == std::string_view::npos;
}

// Whether the upper case of plain ASCII `s` contains `folded` (an ASCII
// casemap result), without allocating: the common case of header keys.
bool ascii_contains(std::string_view s, std::string_view folded) {
  if (folded.size() > s.size()) return false;
  auto up = [](unsigned char c) { return (c >= 'a' && c <= 'z') ? static_cast<unsigned char>(c - 32) : c; };
  const auto first = static_cast<unsigned char>(folded[0]);
  for (std::size_t i = 0; i + folded.size() <= s.size(); ++i) {
    if (up(static_cast<unsigned char>(s[i])) != first) continue;
    std::size_t k = 1;
    while (k < folded.size() && up(static_cast<unsigned char>(s[i + k])) == static_cast<unsigned char>(folded[k])) ++k;
    if (k == folded.size()) return true;
  }
  return false;
}

bool value_contains(std::string_view all, std::string_view folded, bool folded_ascii) {
  if (folded.empty()) return true;
  while (true) {
    std::size_t nl = all.find('\n');
    std::string_view one = all.substr(0, nl);
    if (plain_ascii(one)) {
      // Stored values are unfolded and trimmed already, and plain ASCII
      // decodes to itself; a key with other characters cannot be in it.
      if (folded_ascii && ascii_contains(one, folded)) return true;
    } else if (casemap(header_value_text(one)).find(folded) != std::string::npos) {
      return true;
    }
    if (nl == std::string_view::npos) return false;
    all.remove_prefix(nl + 1);
  }
}

}  // namespace

search_program::search_program(const search_key& key, const std::function<int(std::string_view)>& keyword_number,
                               bool use_index) {
  compiler c{nodes_, needs_, probes_, keyword_number, use_index};
  c.add(key);
}

search_program::~search_program() = default;

namespace {

struct evaluator {
  const std::vector<search_program::node>& nodes;
  const std::vector<std::optional<std::vector<std::int64_t>>>& answers;

  bool answered_no(const search_program::node& n, const search_row& r) const {
    if (n.probe < 0 || !r.indexed) return false;
    const auto& a = answers[static_cast<std::size_t>(n.probe)];
    if (!a) return false;
    return !std::binary_search(a->begin(), a->end(), r.doc);
  }
  bool answered_yes(const search_program::node& n, const search_row& r) const {
    if (n.probe < 0 || !r.indexed) return false;
    const auto& a = answers[static_cast<std::size_t>(n.probe)];
    return a && std::binary_search(a->begin(), a->end(), r.doc);
  }

  bool eval(std::uint32_t i, row_state& st) const {
    const search_program::node& n = nodes[i];
    const search_row& r = st.row;
    switch (n.k) {
      case kind::all: return true;
      case kind::none: return false;
      case kind::and_:
        for (auto c : n.children)
          if (!eval(c, st) || st.error) return false;
        return true;
      case kind::or_:
        for (auto c : n.children) {
          if (eval(c, st)) return !st.error;
          if (st.error) return false;
        }
        return false;
      case kind::not_: return !eval(n.children[0], st) && !st.error;
      case kind::uids: return in_ranges(n.uids, r.uid);
      case kind::flag: return (r.flags & n.number) == n.number;
      case kind::keyword:
        return n.keyword >= 0 &&
               std::find(r.keywords.begin(), r.keywords.end(), static_cast<std::uint32_t>(n.keyword)) != r.keywords.end();
      case kind::before_day: return day_of(r.internal_date) < n.number;
      case kind::on_day: return day_of(r.internal_date) == n.number;
      case kind::since_day: return day_of(r.internal_date) >= n.number;
      case kind::at_or_before: return r.internal_date.unix_seconds <= n.number;
      case kind::at_or_after: return r.internal_date.unix_seconds >= n.number;
      case kind::larger: return r.size > static_cast<std::uint64_t>(n.number);
      case kind::smaller: return r.size < static_cast<std::uint64_t>(n.number);
      case kind::modseq: return r.modseq >= static_cast<modseq_t>(n.number);
      case kind::sent_before_day:
      case kind::sent_on_day:
      case kind::sent_since_day: {
        const header_keys* k = st.header();
        if (!k || !k->date) return false;
        std::int64_t d = day_of(*k->date);
        return n.k == kind::sent_before_day ? d < n.number : n.k == kind::sent_on_day ? d == n.number : d >= n.number;
      }
      case kind::from:
      case kind::to:
      case kind::cc:
      case kind::bcc:
      case kind::subject: {
        const header_keys* k = st.header();
        return k && slot_value(*k, n.slot) && value_contains(*slot_value(*k, n.slot), n.folded, n.folded_ascii);
      }
      case kind::header: {
        if (n.slot != key_slot::none) {
          const header_keys* k = st.header();
          return k && slot_value(*k, n.slot) && value_contains(*slot_value(*k, n.slot), n.folded, n.folded_ascii);
        }
        // The index only narrows HEADER down (its text holds every part's
        // fields); the message's own header decides.
        if (answered_no(n, r)) return false;
        if (!st.load()) return false;
        return header_field_contains(st.raw, n.name, n.folded);
      }
      case kind::body:
      case kind::text: {
        if (n.probe >= 0 && r.indexed && answers[static_cast<std::size_t>(n.probe)])
          return answered_yes(n, r);
        const search_texts* t = st.text(n.k == kind::body ? search_body : search_header | search_body);
        if (!t) return false;
        if (t->body.find(n.folded) != std::string::npos) return true;
        return n.k == kind::text && t->header.find(n.folded) != std::string::npos;
      }
    }
    return false;
  }
};

}  // namespace

result<std::vector<uid_t>> search_program::run(const std::vector<search_row>& rows,
                                               const std::vector<std::optional<std::vector<std::int64_t>>>& answers,
                                               const message_reader& read_message,
                                               std::chrono::steady_clock::time_point deadline,
                                               search_stats& stats) const {
  std::vector<uid_t> out;
  evaluator ev{nodes_, answers};
  const bool check_often = needs_.text || needs_.keys;
  std::size_t n = 0;
  for (const auto& r : rows) {
    if ((check_often || (++n & 1023) == 0) && std::chrono::steady_clock::now() > deadline) return errc::timeout;
    row_state st{r, read_message, stats};
    bool match = ev.eval(0, st);
    if (st.error) return st.error;
    if (match) out.push_back(r.uid);
  }
  stats.rows += rows.size();
  return out;
}

bool stored_value_contains(std::string_view stored, std::string_view folded) {
  const bool ascii = std::all_of(folded.begin(), folded.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  return value_contains(stored, folded, ascii);
}

std::vector<std::size_t> search_program::required_probes() const {
  std::vector<std::size_t> out;
  if (nodes_.empty()) return out;
  auto take = [&](const node& n) {
    if (n.probe >= 0 && (n.k == kind::body || n.k == kind::text || n.k == kind::header))
      out.push_back(static_cast<std::size_t>(n.probe));
  };
  const node& root = nodes_[0];
  if (root.k == kind::and_) {
    for (auto c : root.children) take(nodes_[c]);
  } else {
    take(root);
  }
  return out;
}

}  // namespace cairn::store
