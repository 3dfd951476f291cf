#include "protocol/search.hpp"

#include "protocol/writer.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace cairn::proto {
namespace {

enum class arg : std::uint8_t { none, astring, date, number64, nz_number, keyword, header, one_key, two_keys, set, modseq };

struct key_name {
  std::string_view name;
  search_op op;
  arg a;
};

// Sorted by name for binary search.
constexpr std::array names = {
    key_name{"ALL", search_op::all, arg::none},
    key_name{"ANSWERED", search_op::answered, arg::none},
    key_name{"BCC", search_op::bcc, arg::astring},
    key_name{"BEFORE", search_op::before, arg::date},
    key_name{"BODY", search_op::body, arg::astring},
    key_name{"CC", search_op::cc, arg::astring},
    key_name{"DELETED", search_op::deleted, arg::none},
    key_name{"DRAFT", search_op::draft, arg::none},
    key_name{"FLAGGED", search_op::flagged, arg::none},
    key_name{"FROM", search_op::from, arg::astring},
    key_name{"HEADER", search_op::header, arg::header},
    key_name{"KEYWORD", search_op::keyword, arg::keyword},
    key_name{"LARGER", search_op::larger, arg::number64},
    key_name{"MODSEQ", search_op::modseq, arg::modseq},
    key_name{"NEW", search_op::new_, arg::none},
    key_name{"NOT", search_op::not_, arg::one_key},
    key_name{"OLD", search_op::old, arg::none},
    key_name{"OLDER", search_op::older, arg::nz_number},
    key_name{"ON", search_op::on, arg::date},
    key_name{"OR", search_op::or_, arg::two_keys},
    key_name{"RECENT", search_op::recent, arg::none},
    key_name{"SEEN", search_op::seen, arg::none},
    key_name{"SENTBEFORE", search_op::sent_before, arg::date},
    key_name{"SENTON", search_op::sent_on, arg::date},
    key_name{"SENTSINCE", search_op::sent_since, arg::date},
    key_name{"SINCE", search_op::since, arg::date},
    key_name{"SMALLER", search_op::smaller, arg::number64},
    key_name{"SUBJECT", search_op::subject, arg::astring},
    key_name{"TEXT", search_op::text, arg::astring},
    key_name{"TO", search_op::to, arg::astring},
    key_name{"UID", search_op::uid, arg::set},
    key_name{"UNANSWERED", search_op::unanswered, arg::none},
    key_name{"UNDELETED", search_op::undeleted, arg::none},
    key_name{"UNDRAFT", search_op::undraft, arg::none},
    key_name{"UNFLAGGED", search_op::unflagged, arg::none},
    key_name{"UNKEYWORD", search_op::unkeyword, arg::keyword},
    key_name{"UNSEEN", search_op::unseen, arg::none},
    key_name{"YOUNGER", search_op::younger, arg::nz_number},
};

constexpr bool sorted() {
  for (std::size_t i = 1; i < names.size(); ++i)
    if (!(names[i - 1].name < names[i].name)) return false;
  return true;
}
static_assert(sorted(), "keep the search key table sorted");

const key_name* find_key(std::string_view upper) {
  auto it = std::lower_bound(names.begin(), names.end(), upper,
                             [](const key_name& k, std::string_view n) { return k.name < n; });
  if (it == names.end() || it->name != upper) return nullptr;
  return &*it;
}

bool starts_set(int c) { return (c >= '0' && c <= '9') || c == '*' || c == '$'; }

class key_reader {
 public:
  key_reader(parser& p, unsigned max_depth) : p_(p), max_depth_(max_depth) {}

  // search-key; `depth` is the number of NOT/OR/groups around it.
  std::optional<search_key> key(unsigned depth) {
    if (p_.peek() == '(') return group(depth + 1);
    if (starts_set(p_.peek())) {
      auto set = read_sequence_set(p_);
      if (!set) return std::nullopt;
      search_key k;
      k.op = search_op::sequence;
      k.set = std::move(*set);
      return k;
    }
    if (p_.at_end() || !is_atom_char(static_cast<unsigned char>(p_.peek()))) {
      p_.fail(p_.at_end() ? "Missing search key" : "Invalid search key");
      return std::nullopt;
    }
    auto word = p_.keyword();
    if (!word) return std::nullopt;
    const key_name* kn = find_key(*word);
    if (!kn) {
      p_.fail("Unknown search key " + *word);
      return std::nullopt;
    }
    search_key k;
    k.op = kn->op;
    switch (kn->a) {
      case arg::none: return k;
      case arg::astring: {
        if (!p_.sp()) return std::nullopt;
        auto s = p_.astring();
        if (!s) return std::nullopt;
        k.text = std::move(*s);
        return k;
      }
      case arg::date: {
        if (!p_.sp()) return std::nullopt;
        auto d = read_date(p_);
        if (!d) return std::nullopt;
        k.date = *d;
        return k;
      }
      case arg::number64: {
        if (!p_.sp()) return std::nullopt;
        auto n = p_.number64();
        if (!n) return std::nullopt;
        k.number = *n;
        return k;
      }
      case arg::nz_number: {
        if (!p_.sp()) return std::nullopt;
        auto n = p_.nz_number();
        if (!n) return std::nullopt;
        k.number = *n;
        return k;
      }
      case arg::keyword: {
        // flag-keyword = atom ("\Seen" is a system flag, not a keyword).
        if (!p_.sp()) return std::nullopt;
        if (p_.at_end() || !is_atom_char(static_cast<unsigned char>(p_.peek()))) {
          p_.fail("Expected a keyword");
          return std::nullopt;
        }
        auto a = p_.atom();
        if (!a) return std::nullopt;
        k.text = std::string(*a);
        return k;
      }
      case arg::header: {
        if (!p_.sp()) return std::nullopt;
        auto name = p_.astring();
        if (!name || !p_.sp()) return std::nullopt;
        auto value = p_.astring();
        if (!value) return std::nullopt;
        k.field = std::move(*name);
        k.text = std::move(*value);
        return k;
      }
      case arg::one_key:
      case arg::two_keys: {
        if (depth + 1 > max_depth_) {
          p_.fail("Search nested too deeply");
          return std::nullopt;
        }
        int n = kn->a == arg::one_key ? 1 : 2;
        for (int i = 0; i < n; ++i) {
          if (!p_.sp()) return std::nullopt;
          auto child = key(depth + 1);
          if (!child) return std::nullopt;
          k.children.push_back(std::move(*child));
        }
        return k;
      }
      case arg::modseq: {
        // MODSEQ [entry-name SP entry-type-req] SP mod-sequence-valzer
        if (!p_.sp()) return std::nullopt;
        if (p_.peek() == '"') {
          auto name = p_.string();
          if (!name) return std::nullopt;
          if (name->size() < 8 || name->compare(0, 7, "/flags/") != 0) {
            p_.fail("Invalid MODSEQ entry name");
            return std::nullopt;
          }
          if (!p_.sp()) return std::nullopt;
          auto type = p_.keyword();
          if (!type || (*type != "PRIV" && *type != "SHARED" && *type != "ALL")) {
            p_.fail("Invalid MODSEQ entry type");
            return std::nullopt;
          }
          if (!p_.sp()) return std::nullopt;
          k.field = std::move(*name);
          k.text = std::move(*type);
        }
        auto n = p_.number64();
        if (!n) return std::nullopt;
        k.number = *n;
        return k;
      }
      case arg::set: {
        if (!p_.sp()) return std::nullopt;
        auto set = read_sequence_set(p_);
        if (!set) return std::nullopt;
        k.set = std::move(*set);
        return k;
      }
    }
    return std::nullopt;
  }

 private:
  std::optional<search_key> group(unsigned depth) {
    if (depth > max_depth_) {
      p_.fail("Search nested too deeply");
      return std::nullopt;
    }
    if (!p_.open_list()) return std::nullopt;
    search_key k;
    k.op = search_op::and_;
    // The command line bounds the number of keys; no further cap needed.
    do {
      auto child = key(depth);
      if (!child) return std::nullopt;
      k.children.push_back(std::move(*child));
    } while (p_.consume(' '));
    if (p_.peek() != ')') {
      p_.fail(p_.at_end() ? "Missing closing parenthesis" : "Expected a space or a closing parenthesis");
      return std::nullopt;
    }
    if (!p_.close_list()) return std::nullopt;
    return k;
  }

  parser& p_;
  unsigned max_depth_;
};

// partial-range-first = nz-number ":" nz-number;
// partial-range-last = "-" nz-number ":" "-" nz-number (RFC 9394 section 4).
std::optional<partial_range> read_partial(parser& p) {
  auto one = [&](bool& negative) -> std::optional<std::int64_t> {
    negative = p.consume('-');
    auto n = p.nz_number();
    if (!n) return std::nullopt;
    return negative ? -static_cast<std::int64_t>(*n) : static_cast<std::int64_t>(*n);
  };
  bool neg1 = false, neg2 = false;
  auto a = one(neg1);
  if (!a) return std::nullopt;
  if (!p.consume(':')) {
    p.fail("Expected a PARTIAL range first:last");
    return std::nullopt;
  }
  auto b = one(neg2);
  if (!b) return std::nullopt;
  if (neg1 != neg2) {
    p.fail("PARTIAL range mixes positive and negative positions");
    return std::nullopt;
  }
  partial_range r{*a, *b};
  if ((r.first > 0 && r.first > r.last) || (r.first < 0 && r.first < r.last)) std::swap(r.first, r.last);
  return r;
}

}  // namespace

std::optional<search_return> read_search_return(parser& p) {
  if (!p.open_list()) return std::nullopt;
  search_return r;
  bool any = false;
  if (p.peek() != ')') {
    do {
      auto w = p.keyword();
      if (!w) {
        p.fail("Expected a RETURN option");
        return std::nullopt;
      }
      if (*w == "MIN") r.min = true;
      else if (*w == "MAX") r.max = true;
      else if (*w == "ALL") r.all = true;
      else if (*w == "COUNT") r.count = true;
      else if (*w == "SAVE") r.save = true;
      else if (*w == "CONTEXT") r.context = true;
      else if (*w == "UPDATE") r.update = true;
      else if (*w == "PARTIAL") {
        if (r.partial) {
          p.fail("PARTIAL given twice");
          return std::nullopt;
        }
        if (!p.sp()) return std::nullopt;
        r.partial = read_partial(p);
        if (!r.partial) return std::nullopt;
      } else {
        p.fail("Unknown RETURN option " + *w);
        return std::nullopt;
      }
      any = true;
    } while (p.consume(' '));
  }
  if (!p.close_list()) return std::nullopt;
  // RFC 5267 section 4.4: one PARTIAL or one ALL, not both.
  if (r.partial && r.all) {
    p.fail("RETURN has both PARTIAL and ALL");
    return std::nullopt;
  }
  // "RETURN ()" asks for ALL (RFC 4731 section 3.1). A list of only
  // CONTEXT or UPDATE is not empty: it asks for no data (an ESEARCH with
  // the tag alone, as Dovecot answers).
  if (!any) r.all = true;
  return r;
}

std::optional<search_key> read_search_program(parser& p, unsigned max_depth) {
  search_key program;
  program.op = search_op::and_;
  key_reader r(p, max_depth);
  do {
    auto k = r.key(0);
    if (!k) return std::nullopt;
    program.children.push_back(std::move(*k));
  } while (p.consume(' '));
  if (!p.expect_end()) return std::nullopt;
  return program;
}

std::optional<std::string> read_charset(parser& p) {
  std::optional<std::string> cs;
  if (p.peek() == '"') {
    cs = p.string();
  } else if (auto at = p.atom()) {
    cs = std::string(*at);
  }
  if (!cs) {
    p.fail("Expected a charset");
    return std::nullopt;
  }
  return cs;
}

std::optional<search_args> read_search(parser& p, unsigned max_depth) {
  search_args a;
  if (p.consume_word("RETURN")) {
    if (!p.sp()) return std::nullopt;
    auto r = read_search_return(p);
    if (!r) return std::nullopt;
    a.ret = *r;
    if (!p.sp()) return std::nullopt;
  }
  if (p.consume_word("CHARSET")) {
    if (!p.sp()) return std::nullopt;
    a.charset = read_charset(p);
    if (!a.charset) return std::nullopt;
    if (!p.sp()) return std::nullopt;
  }
  auto program = read_search_program(p, max_depth);
  if (!program) return std::nullopt;
  a.program = std::move(*program);
  return a;
}

bool uses_modseq(const search_key& k) {
  if (k.op == search_op::modseq) return true;
  for (const auto& c : k.children)
    if (uses_modseq(c)) return true;
  return false;
}

bool uses_saved(const search_key& k) {
  if ((k.op == search_op::sequence || k.op == search_op::uid) && k.set.saved) return true;
  for (const auto& c : k.children)
    if (uses_saved(c)) return true;
  return false;
}

}  // namespace cairn::proto
