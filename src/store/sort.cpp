#include "store/sort.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include "mime/address.hpp"
#include "mime/encoded_word.hpp"
#include "store/casemap.hpp"

namespace cairn::store {
namespace {

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool istarts(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower(s[i]) != prefix[i]) return false;
  return true;
}

// subj-blob = "[" *BLOBCHAR "]" *WSP; returns its length at `s`, or 0.
std::size_t blob_at(std::string_view s) {
  if (s.empty() || s[0] != '[') return 0;
  std::size_t i = 1;
  while (i < s.size() && s[i] != '[' && s[i] != ']') ++i;
  if (i >= s.size() || s[i] != ']') return 0;
  ++i;
  while (i < s.size() && is_wsp(s[i])) ++i;
  return i;
}

// subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"
std::size_t refwd_at(std::string_view s) {
  std::size_t i = 0;
  if (istarts(s, "re")) i = 2;
  else if (istarts(s, "fwd")) i = 3;
  else if (istarts(s, "fw")) i = 2;
  else return 0;
  while (i < s.size() && is_wsp(s[i])) ++i;
  i += blob_at(s.substr(i));
  if (i < s.size() && s[i] == ':') return i + 1;
  return 0;
}

// subj-leader = (*subj-blob subj-refwd) / WSP; its length, or 0.
std::size_t leader_at(std::string_view s, bool& refwd) {
  if (!s.empty() && is_wsp(s[0])) return 1;
  std::size_t i = 0;
  for (std::size_t b; (b = blob_at(s.substr(i))) != 0;) i += b;
  if (std::size_t r = refwd_at(s.substr(i)); r != 0) {
    refwd = true;
    return i + r;
  }
  return 0;
}

// The first occurrence of a header kept as "value\nvalue..." (types.hpp).
std::string_view first_value(const std::optional<std::string>& v) {
  if (!v) return {};
  std::string_view s = *v;
  return s.substr(0, s.find('\n'));
}

// RFC 5256: addr-mailbox of the first address (the group name for a
// group, as in ENVELOPE). Dovecot's fill-ins for a missing local part
// sort as the empty string.
std::string first_mailbox(const std::optional<std::string>& v) {
  auto list = mime::parse_address_list(first_value(v), 1);
  if (list.empty() || !list[0].mailbox) return {};
  if (list[0].invalid && *list[0].mailbox == "MISSING_MAILBOX") return {};
  return casemap(mime::decode_header(*list[0].mailbox));
}

// RFC 5957 section 3: the decoded display name when not empty, else
// mailbox@host, else mailbox, else "".
std::string display_key(const std::optional<std::string>& v) {
  auto list = mime::parse_address_list(first_value(v), 1);
  if (list.empty()) return {};
  const auto& a = list[0];
  if (a.name) {
    std::string name = mime::decode_header(*a.name);
    if (!name.empty()) return casemap(name);
  }
  std::string mailbox = a.mailbox && !(a.invalid && *a.mailbox == "MISSING_MAILBOX") ? *a.mailbox : std::string();
  if (a.mailbox && a.domain && !(a.invalid && (*a.domain == "MISSING_DOMAIN" || *a.domain == "SYNTAX_ERROR")))
    return casemap(mailbox + "@" + *a.domain);
  return casemap(mailbox);
}

// RFC 5256 section 2.2: the Date: header in UTC, else the internal date.
std::int64_t sent_date(const sort_source& r) {
  return r.keys.date ? r.keys.date->unix_seconds : r.internal_date.unix_seconds;
}

std::size_t heap_of(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }

// Sources to items: keys derived into `store` (which must outlive the items).
std::vector<sort_item> items_of(const std::vector<sort_source>& rows, unsigned fields,
                                std::vector<derived_keys>& store, id_table& ids) {
  store.resize(rows.size());
  std::vector<sort_item> items(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    derive_keys(rows[i], fields, store[i], ids);
    items[i] = {rows[i].uid, rows[i].internal_date.unix_seconds, rows[i].size, &store[i]};
  }
  return items;
}

}  // namespace

std::string base_subject(std::string_view raw_subject, bool* reply_or_forward) {
  bool refwd = false;
  // (1) Decode; tabs and continuations to space; runs of spaces to one.
  std::string decoded = mime::decode_header(raw_subject);
  std::string s;
  s.reserve(decoded.size());
  for (char c : decoded) {
    if (c == '\t' || c == '\r' || c == '\n') c = ' ';
    if (c == ' ' && !s.empty() && s.back() == ' ') continue;
    s += c;
  }
  std::string_view v = s;
  for (;;) {
    // (2) Trailers: "(fwd)" and WSP, repeatedly.
    for (;;) {
      if (!v.empty() && is_wsp(v.back())) {
        v.remove_suffix(1);
      } else if (v.size() >= 5 && istarts(v.substr(v.size() - 5), "(fwd)")) {
        v.remove_suffix(5);
        refwd = true;
      } else {
        break;
      }
    }
    // (3), (4), (5): leaders, and a blob when text remains after it.
    for (bool again = true; again;) {
      again = false;
      for (std::size_t n; (n = leader_at(v, refwd)) != 0;) {
        v.remove_prefix(n);
        again = true;
      }
      if (std::size_t b = blob_at(v); b != 0 && b < v.size()) {
        v.remove_prefix(b);
        again = true;
      }
    }
    // (6) "[fwd:" ... "]": unwrap and start again from (2).
    if (v.size() >= 6 && istarts(v, "[fwd:") && v.back() == ']') {
      v.remove_prefix(5);
      v.remove_suffix(1);
      refwd = true;
      continue;
    }
    break;
  }
  if (reply_or_forward) *reply_or_forward = refwd;
  return std::string(v);
}

std::string next_message_id(std::string_view value, std::size_t& pos) {
  // msg-id = [CFWS] "<" id-left "@" id-right ">" [CFWS]; obsolete forms
  // allow quoted strings, comments and white space inside: all are
  // normalised away (RFC 5256: quoting must not make two IDs differ).
  while (pos < value.size()) {
    std::size_t open = value.find('<', pos);
    if (open == std::string_view::npos) {
      pos = value.size();
      return {};
    }
    std::string id;
    std::size_t i = open + 1;
    bool ok = false;
    while (i < value.size()) {
      char c = value[i];
      if (c == '>') {
        ok = true;
        ++i;
        break;
      }
      if (c == '<') break;  // a new start: this one was broken
      if (c == '"') {
        ++i;
        while (i < value.size() && value[i] != '"') {
          if (value[i] == '\\' && i + 1 < value.size()) ++i;
          id += value[i++];
        }
        if (i < value.size()) ++i;
        continue;
      }
      if (c == '(') {
        int depth = 0;
        while (i < value.size()) {
          if (value[i] == '\\' && i + 1 < value.size()) {
            i += 2;
            continue;
          }
          if (value[i] == '(') ++depth;
          else if (value[i] == ')' && --depth == 0) {
            ++i;
            break;
          }
          ++i;
        }
        continue;
      }
      if (!is_wsp(c) && c != '\r' && c != '\n') id += c;
      ++i;
    }
    pos = ok ? i : std::max(i, open + 1);
    // A valid ID has text on both sides of one "@".
    auto at = id.find('@');
    if (ok && at != std::string::npos && at > 0 && at + 1 < id.size() && id.find('@', at + 1) == std::string::npos)
      return id;
  }
  return {};
}

std::vector<std::string> message_ids(std::string_view value) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < value.size()) {
    auto id = next_message_id(value, pos);
    if (!id.empty()) out.push_back(std::move(id));
  }
  return out;
}

unsigned fields_for(const std::vector<order_criterion>& criteria) {
  unsigned f = 0;
  for (const auto& c : criteria) {
    switch (c.key) {
      case order_key::arrival:
      case order_key::size: break;
      case order_key::date: f |= field_date; break;
      case order_key::subject: f |= field_subject; break;
      case order_key::from:
      case order_key::display_from: f |= field_from; break;
      case order_key::to:
      case order_key::display_to: f |= field_to; break;
      case order_key::cc: f |= field_cc; break;
    }
  }
  return f;
}

std::int64_t number_key(const sort_item& r, order_key k) {
  switch (k) {
    case order_key::arrival: return r.arrival;
    case order_key::date: return r.keys->sent_date;
    case order_key::size: return static_cast<std::int64_t>(r.size);
    default: return 0;
  }
}

const std::string& string_key(const derived_keys& d, order_key k) {
  switch (k) {
    case order_key::subject: return d.subject;
    case order_key::from: return d.from;
    case order_key::to: return d.to;
    case order_key::cc: return d.cc;
    case order_key::display_from: return d.display_from;
    case order_key::display_to: return d.display_to;
    default: break;
  }
  static const std::string none;
  return none;
}

bool is_string_key(order_key k) {
  return k != order_key::arrival && k != order_key::date && k != order_key::size;
}

std::size_t derived_keys::heap_bytes() const {
  std::size_t n = heap_of(subject) + heap_of(from) + heap_of(display_from) + heap_of(to) + heap_of(display_to) +
                  heap_of(cc) + refs.capacity() * sizeof(std::uint32_t);
  return n;
}

std::uint32_t id_table::intern(std::string_view id) {
  auto [it, fresh] = ids_.try_emplace(std::string(id), static_cast<std::uint32_t>(ids_.size() + 1));
  return it->second;
}

void derive_keys(const sort_source& r, unsigned fields, derived_keys& d, id_table& ids) {
  const header_keys& k = r.keys;
  if (fields & field_date) d.sent_date = sent_date(r);
  if (fields & field_subject) {
    bool rf = false;
    d.subject = casemap(base_subject(first_value(k.subject), &rf));
    d.reply_or_forward = rf;
  }
  if (fields & field_from) {
    d.from = first_mailbox(k.from);
    d.display_from = display_key(k.from);
  }
  if (fields & field_to) {
    d.to = first_mailbox(k.to);
    d.display_to = display_key(k.to);
  }
  if (fields & field_cc) d.cc = first_mailbox(k.cc);
  if (fields & field_thread) {
    std::size_t pos = 0;
    std::string own = k.message_id ? next_message_id(first_value(k.message_id), pos) : std::string();
    d.message_id = own.empty() ? 0 : ids.intern(own);
    d.refs.clear();
    if (k.references)
      for (const auto& id : message_ids(first_value(k.references))) d.refs.push_back(ids.intern(id));
    if (d.refs.empty() && k.in_reply_to) {
      std::size_t p = 0;
      std::string first = next_message_id(first_value(k.in_reply_to), p);
      if (!first.empty()) d.refs.push_back(ids.intern(first));
    }
    d.refs.shrink_to_fit();
  }
}

std::vector<std::uint32_t> key_ranks(const std::vector<sort_item>& items, order_key k, distinct_keys* values) {
  const std::size_t n = items.size();
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::vector<std::uint32_t> rank(n);
  // `keep(x)`: message x is the first of its value in order.
  auto assign = [&](auto&& less, auto&& keep) {
    std::sort(order.begin(), order.end(), less);
    std::uint32_t r = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (i > 0 && less(order[i - 1], order[i])) ++r;
      if (values && (i == 0 || r != rank[order[i - 1]])) keep(order[i]);
      rank[order[i]] = r;
    }
  };
  if (is_string_key(k)) {
    std::vector<const std::string*> str(n);
    for (std::size_t i = 0; i < n; ++i) str[i] = &string_key(*items[i].keys, k);
    assign([&](std::uint32_t a, std::uint32_t b) { return *str[a] < *str[b]; },
           [&](std::uint32_t x) { values->strings.push_back(*str[x]); });
  } else {
    std::vector<std::int64_t> num(n);
    for (std::size_t i = 0; i < n; ++i) num[i] = number_key(items[i], k);
    assign([&](std::uint32_t a, std::uint32_t b) { return num[a] < num[b]; },
           [&](std::uint32_t x) { values->numbers.push_back(num[x]); });
  }
  return rank;
}

std::vector<uid_t> sort_items(const std::vector<sort_item>& rows, const std::vector<order_criterion>& criteria,
                              const rank_source& ranks) {
  const std::size_t n = rows.size();
  const std::size_t k = criteria.size();
  // Every criterion becomes one integer per message, reversed by negation:
  // numbers as they are, strings as their rank among the folded keys (equal
  // strings, equal ranks). Then one sort over integers, the mailbox
  // position last (the implicit criterion RFC 5256 requires, never
  // reversed).
  std::vector<std::int64_t> keys(n * k);
  std::vector<std::uint32_t> order(n);
  for (std::size_t j = 0; j < k; ++j) {
    const order_key ok = criteria[j].key;
    const std::int64_t sign = criteria[j].reverse ? -1 : 1;
    if (!ranks && !is_string_key(ok)) {
      for (std::size_t i = 0; i < n; ++i) keys[i * k + j] = sign * number_key(rows[i], ok);
      continue;
    }
    const std::vector<std::uint32_t> rank = ranks ? ranks(ok) : key_ranks(rows, ok);
    for (std::size_t i = 0; i < n; ++i) keys[i * k + j] = sign * static_cast<std::int64_t>(rank[i]);
  }
  std::iota(order.begin(), order.end(), 0u);
  if (k == 1 && (ranks || is_string_key(criteria[0].key)) && n > 0) {
    // Ranks are below the mailbox's size (negated when reversed): a
    // counting sort, stable, so equal keys keep mailbox order.
    std::int64_t lo = keys[0], hi = keys[0];
    for (std::size_t i = 1; i < n; ++i) {
      lo = std::min(lo, keys[i]);
      hi = std::max(hi, keys[i]);
    }
    std::vector<std::uint32_t> start(static_cast<std::size_t>(hi - lo) + 2, 0);
    for (std::size_t i = 0; i < n; ++i) ++start[static_cast<std::size_t>(keys[i] - lo) + 1];
    for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
    for (std::uint32_t i = 0; i < n; ++i) order[start[static_cast<std::size_t>(keys[i] - lo)]++] = i;
  } else if (k == 1) {
    std::vector<std::pair<std::int64_t, std::uint32_t>> v(n);
    for (std::uint32_t i = 0; i < n; ++i) v[i] = {keys[i], i};
    std::sort(v.begin(), v.end());
    for (std::size_t i = 0; i < n; ++i) order[i] = v[i].second;
  } else {
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      const std::int64_t* x = &keys[a * k];
      const std::int64_t* y = &keys[b * k];  // UNSAFE: k keys per message
      for (std::size_t j = 0; j < k; ++j)
        if (x[j] != y[j]) return x[j] < y[j];
      return a < b;
    });
  }
  std::vector<uid_t> out;
  out.reserve(n);
  for (auto i : order) out.push_back(rows[i].uid);
  return out;
}

std::vector<uid_t> sort_messages(const std::vector<sort_source>& rows, const std::vector<order_criterion>& criteria) {
  std::vector<derived_keys> store;
  id_table ids;
  return sort_items(items_of(rows, fields_for(criteria), store, ids), criteria);
}

thread_tree thread_orderedsubject(const std::vector<sort_source>& rows) {
  std::vector<derived_keys> store;
  id_table ids;
  return thread_orderedsubject(items_of(rows, fields_for(thread_algorithm::orderedsubject), store, ids));
}

thread_tree thread_references(const std::vector<sort_source>& rows) {
  std::vector<derived_keys> store;
  id_table ids;
  auto items = items_of(rows, fields_for(thread_algorithm::references), store, ids);
  return thread_references(items, ids);
}

thread_tree thread_orderedsubject(const std::vector<sort_item>& rows) {
  // RFC 5256 ORDEREDSUBJECT: sort by base subject, then sent date (then
  // mailbox order); each run of one base subject is a thread whose first
  // message is the root and every other message a child of it; threads
  // ordered by their first message's sent date (then mailbox order).
  const std::size_t n = rows.size();
  std::vector<const std::string*> subj_p(n);
  std::vector<std::int64_t> date(n);
  for (std::size_t i = 0; i < n; ++i) {
    subj_p[i] = &rows[i].keys->subject;
    date[i] = rows[i].keys->sent_date;
  }
  auto subj = [&](std::uint32_t i) -> const std::string& { return *subj_p[i]; };
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    int c = subj(a).compare(subj(b));
    if (c != 0) return c < 0;
    return date[a] < date[b];
  });
  thread_tree t;
  t.nodes.reserve(n);
  std::vector<std::uint32_t> firsts;  // row index of each thread's root
  for (std::size_t i = 0; i < n; ++i) {
    auto r = order[i];
    auto id = static_cast<std::uint32_t>(t.nodes.size());
    t.nodes.push_back({rows[r].uid, {}});
    if (i > 0 && subj(order[i - 1]) == subj(r)) {
      t.nodes[t.roots.back()].children.push_back(id);
    } else {
      t.roots.push_back(id);
      firsts.push_back(r);
    }
  }
  std::vector<std::uint32_t> idx(t.roots.size());
  std::iota(idx.begin(), idx.end(), 0u);
  std::stable_sort(idx.begin(), idx.end(), [&](std::uint32_t a, std::uint32_t b) {
    auto ra = firsts[a], rb = firsts[b];
    if (date[ra] != date[rb]) return date[ra] < date[rb];
    return ra < rb;
  });
  std::vector<std::uint32_t> roots;
  roots.reserve(idx.size());
  for (auto i : idx) roots.push_back(t.roots[i]);
  t.roots = std::move(roots);
  return t;
}

thread_tree thread_references(const std::vector<sort_item>& rows, const id_table& ids) {
  // Working nodes: message (row >= 0) or dummy (row < 0).
  struct wnode {
    std::int64_t row = -1;
    std::int64_t parent = -1;
    std::vector<std::uint32_t> children;
  };
  std::vector<wnode> nodes;
  // The node of each message ID (by its id_table number), or -1.
  std::vector<std::int64_t> by_id(ids.size() + 1, -1);
  const std::size_t n = rows.size();
  nodes.reserve(n * 2);
  auto node_for = [&](std::uint32_t id) -> std::uint32_t {
    if (by_id[id] < 0) {
      by_id[id] = static_cast<std::int64_t>(nodes.size());
      nodes.push_back({});
    }
    return static_cast<std::uint32_t>(by_id[id]);
  };
  // Would making p the parent of c make a loop (p is c or under c)?
  auto loops = [&](std::uint32_t p, std::uint32_t c) {
    if (nodes[c].children.empty()) return p == c;  // nothing can be under c
    for (std::int64_t x = p; x >= 0; x = nodes[static_cast<std::size_t>(x)].parent)
      if (x == c) return true;
    return false;
  };
  auto unlink = [&](std::uint32_t c) {
    auto p = nodes[c].parent;
    if (p < 0) return;
    auto& sib = nodes[static_cast<std::size_t>(p)].children;
    sib.erase(std::find(sib.begin(), sib.end(), c));
    nodes[c].parent = -1;
  };
  auto link = [&](std::uint32_t p, std::uint32_t c) {
    nodes[c].parent = p;
    nodes[p].children.push_back(c);
  };
  std::vector<std::uint32_t> node_of(n);
  // (1) For each message, in mailbox order.
  for (std::size_t i = 0; i < n; ++i) {
    const derived_keys& k = *rows[i].keys;
    const std::uint32_t own = k.message_id;
    std::uint32_t me;
    if (own != 0 && by_id[own] < 0) {
      me = node_for(own);
    } else if (own != 0 && nodes[static_cast<std::size_t>(by_id[own])].row < 0) {
      me = static_cast<std::uint32_t>(by_id[own]);  // a dummy made by an earlier reference: this message
    } else {
      // No valid Message-ID, or a duplicate of an earlier message's: a
      // unique ID of its own (RFC 5256 step 1.A).
      me = static_cast<std::uint32_t>(nodes.size());
      nodes.push_back({});
    }
    nodes[me].row = static_cast<std::int64_t>(i);
    node_of[i] = me;
    // References, else the first valid In-Reply-To ID (derive_keys).
    const std::vector<std::uint32_t>& refs = k.refs;
    // (1.A) Link the references as a chain; an existing parent stays, no
    // link may make a loop.
    std::int64_t prev = -1;
    for (const auto r : refs) {
      std::uint32_t cur = node_for(r);
      if (prev >= 0 && cur != prev && nodes[cur].parent < 0 && !loops(static_cast<std::uint32_t>(prev), cur))
        link(static_cast<std::uint32_t>(prev), cur);
      prev = cur;
    }
    // (1.B) The last reference is the parent: replace any parent the
    // message got from another message's References, unless that loops.
    unlink(me);
    if (prev >= 0 && !loops(static_cast<std::uint32_t>(prev), me)) link(static_cast<std::uint32_t>(prev), me);
  }
  // Sent date and mailbox position per node for the sorts; a dummy sorts
  // as its first child.
  auto msg_key = [&](std::uint32_t x) -> std::pair<std::int64_t, std::int64_t> {
    const auto& w = nodes[x];
    return {rows[static_cast<std::size_t>(w.row)].keys->sent_date, w.row};
  };
  auto node_key = [&](std::uint32_t x) -> std::pair<std::int64_t, std::int64_t> {
    while (nodes[x].row < 0 && !nodes[x].children.empty()) x = nodes[x].children.front();
    if (nodes[x].row < 0) return {0, -1};
    return msg_key(x);
  };
  // Each node's key computed once per sort (a dummy's walks down its
  // first children); equal keys keep their order.
  std::vector<std::tuple<std::int64_t, std::int64_t, std::uint32_t, std::uint32_t>> keyed;
  auto sort_siblings = [&](std::vector<std::uint32_t>& v) {
    if (v.size() < 2) return;
    keyed.clear();
    for (std::uint32_t i = 0; i < v.size(); ++i) {
      auto [date, row] = node_key(v[i]);
      keyed.emplace_back(date, row, i, v[i]);
    }
    std::sort(keyed.begin(), keyed.end());
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = std::get<3>(keyed[i]);
  };
  // (2) The roots: nodes without a parent, in creation order.
  std::vector<std::uint32_t> roots;
  for (std::uint32_t x = 0; x < nodes.size(); ++x)
    if (nodes[x].parent < 0) roots.push_back(x);
  // (3) Prune dummies, bottom-up (post-order, iteratively): a dummy without
  // children goes; a dummy with children gives them to its parent in its
  // place, except at the top level where only a single child is promoted.
  {
    std::vector<std::pair<std::uint32_t, bool>> stack;  // node, children done
    for (auto r : roots) stack.push_back({r, false});
    while (!stack.empty()) {
      auto [x, done] = stack.back();
      stack.pop_back();
      if (!done) {
        stack.push_back({x, true});
        for (auto c : nodes[x].children) stack.push_back({c, false});
        continue;
      }
      // Children of x are pruned: splice out dummy children.
      const auto& ch = nodes[x].children;
      if (std::none_of(ch.begin(), ch.end(), [&](std::uint32_t c) { return nodes[c].row < 0; })) continue;
      std::vector<std::uint32_t> kept;
      for (auto c : nodes[x].children) {
        if (nodes[c].row >= 0) {
          kept.push_back(c);
          continue;
        }
        for (auto g : nodes[c].children) {
          nodes[g].parent = x;
          kept.push_back(g);
        }
        nodes[c].children.clear();
        nodes[c].parent = -1;
      }
      nodes[x].children = std::move(kept);
    }
    std::vector<std::uint32_t> top;
    for (auto r : roots) {
      if (nodes[r].row >= 0) {
        top.push_back(r);
      } else if (nodes[r].children.size() == 1) {
        auto only = nodes[r].children[0];
        nodes[only].parent = -1;
        nodes[r].children.clear();
        top.push_back(only);
      } else if (!nodes[r].children.empty()) {
        top.push_back(r);
      }
    }
    roots = std::move(top);
  }
  // (4) Sort the top level by sent date (a dummy by its first child after
  // sorting its children).
  for (auto r : roots)
    if (nodes[r].row < 0) sort_siblings(nodes[r].children);
  sort_siblings(roots);
  // (5) Merge threads with the same base subject.
  static const std::string no_subject;
  std::vector<const std::string*> subject(nodes.size(), &no_subject);
  std::vector<char> is_refwd(nodes.size(), 0);
  auto thread_subject = [&](std::uint32_t x) -> const std::string& {
    std::uint32_t m = nodes[x].row >= 0 ? x : nodes[x].children.front();
    return *subject[m];
  };
  for (std::uint32_t x = 0; x < nodes.size(); ++x) {
    if (nodes[x].row < 0) continue;
    const derived_keys& d = *rows[static_cast<std::size_t>(nodes[x].row)].keys;
    subject[x] = &d.subject;
    is_refwd[x] = d.reply_or_forward;
  }
  std::unordered_map<std::string_view, std::uint32_t> table;
  table.reserve(roots.size());
  for (auto r : roots) {
    const std::string& s = thread_subject(r);
    if (s.empty()) continue;
    auto [it, fresh] = table.try_emplace(s, r);
    if (fresh) continue;
    auto t = it->second;
    if (nodes[t].row >= 0 && (nodes[r].row < 0 || (is_refwd[t] && !is_refwd[r]))) it->second = r;
  }
  std::vector<std::uint32_t> merged_roots;
  std::vector<char> gone(nodes.size(), 0);
  std::vector<std::int64_t> root_at(nodes.size(), -1);  // place in merged_roots
  for (auto r : roots) {
    const std::string_view s = thread_subject(r);  // the string stays: it is a message's
    if (s.empty() || table.at(s) == r) {
      root_at[r] = static_cast<std::int64_t>(merged_roots.size());
      merged_roots.push_back(r);
      continue;
    }
    auto t = table.at(s);
    const bool r_dummy = nodes[r].row < 0, t_dummy = nodes[t].row < 0;
    if (r_dummy && t_dummy) {
      for (auto c : nodes[r].children) link(t, c);
      nodes[r].children.clear();
      gone[r] = 1;
    } else if (t_dummy && !r_dummy) {
      link(t, r);
    } else if (!r_dummy && is_refwd[r] && !is_refwd[t]) {
      link(t, r);
    } else {
      // A new dummy holding both, in the place of the table's message.
      auto d = static_cast<std::uint32_t>(nodes.size());
      nodes.push_back({});
      subject.push_back(&no_subject);
      is_refwd.push_back(0);
      gone.push_back(0);
      root_at.push_back(-1);
      nodes[d].children = {t, r};
      nodes[t].parent = d;
      nodes[r].parent = d;
      table[s] = d;
      // The dummy stands where t stood among the roots (t came first: a
      // message that displaces another in the table is never one that
      // gets a new dummy with it).
      if (root_at[t] >= 0) {
        merged_roots[static_cast<std::size_t>(root_at[t])] = d;
        root_at[d] = root_at[t];
      } else {
        root_at[d] = static_cast<std::int64_t>(merged_roots.size());
        merged_roots.push_back(d);
      }
    }
  }
  roots.clear();
  for (auto r : merged_roots)
    if (!gone[r] && nodes[r].parent < 0) roots.push_back(r);
  // (6) Sort every set of siblings by sent date, deepest first (post-order),
  // so that a dummy's first child is known when it is compared.
  {
    std::vector<std::pair<std::uint32_t, bool>> stack;
    for (auto r : roots) stack.push_back({r, false});
    while (!stack.empty()) {
      auto [x, done] = stack.back();
      stack.pop_back();
      if (!done) {
        stack.push_back({x, true});
        for (auto c : nodes[x].children) stack.push_back({c, false});
        continue;
      }
      sort_siblings(nodes[x].children);
    }
    sort_siblings(roots);
  }
  // The result: message nodes keep their UIDs, dummies have UID 0.
  thread_tree t;
  t.nodes.resize(nodes.size());
  for (std::uint32_t x = 0; x < nodes.size(); ++x) {
    t.nodes[x].uid = nodes[x].row >= 0 ? rows[static_cast<std::size_t>(nodes[x].row)].uid : 0;
    t.nodes[x].children = std::move(nodes[x].children);
  }
  t.roots = std::move(roots);
  return t;
}

}  // namespace cairn::store
