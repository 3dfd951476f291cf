#include "protocol/sort.hpp"

#include <array>
#include <string_view>

namespace cairn::proto {
namespace {

struct key_name {
  std::string_view name;
  sort_key key;
};

constexpr std::array sort_keys = {
    key_name{"ARRIVAL", sort_key::arrival}, key_name{"CC", sort_key::cc},
    key_name{"DATE", sort_key::date},       key_name{"DISPLAYFROM", sort_key::display_from},
    key_name{"DISPLAYTO", sort_key::display_to}, key_name{"FROM", sort_key::from},
    key_name{"SIZE", sort_key::size},       key_name{"SUBJECT", sort_key::subject},
    key_name{"TO", sort_key::to},
};

// sort-criteria = "(" sort-criterion *(SP sort-criterion) ")"
// sort-criterion = ["REVERSE" SP] sort-key
std::optional<std::vector<sort_criterion>> read_criteria(parser& p) {
  if (p.peek() != '(') {
    p.fail("Expected a list of sort criteria");
    return std::nullopt;
  }
  if (!p.open_list()) return std::nullopt;
  std::vector<sort_criterion> out;
  if (p.peek() == ')') {
    p.fail("Empty sort criteria list");
    return std::nullopt;
  }
  do {
    sort_criterion c;
    auto w = p.keyword();
    if (!w) {
      p.fail("Expected a sort key");
      return std::nullopt;
    }
    if (*w == "REVERSE") {
      c.reverse = true;
      if (!p.consume(' ')) {
        p.fail("REVERSE needs a sort key");
        return std::nullopt;
      }
      w = p.keyword();
      if (!w) {
        p.fail("Expected a sort key");
        return std::nullopt;
      }
    }
    bool found = false;
    for (const auto& k : sort_keys)
      if (k.name == *w) {
        c.key = k.key;
        found = true;
      }
    if (!found) {
      p.fail("Unknown sort key " + *w);
      return std::nullopt;
    }
    out.push_back(c);
  } while (p.consume(' '));
  if (p.peek() != ')') {
    p.fail(p.at_end() ? "Missing closing parenthesis" : "Expected a space or a closing parenthesis");
    return std::nullopt;
  }
  if (!p.close_list()) return std::nullopt;
  return out;
}

}  // namespace

std::string_view name_of(sort_key k) {
  for (const auto& n : sort_keys)
    if (n.key == k) return n.name;
  return {};
}

std::optional<sort_args> read_sort(parser& p, unsigned max_depth) {
  sort_args a;
  if (p.consume_word("RETURN")) {
    if (!p.sp()) return std::nullopt;
    auto r = read_search_return(p);
    if (!r) return std::nullopt;
    a.ret = *r;
    if (!p.sp()) return std::nullopt;
  }
  auto c = read_criteria(p);
  if (!c) return std::nullopt;
  a.criteria = std::move(*c);
  if (!p.sp()) return std::nullopt;
  auto cs = read_charset(p);
  if (!cs) return std::nullopt;
  a.charset = std::move(*cs);
  if (!p.sp()) return std::nullopt;
  auto program = read_search_program(p, max_depth);
  if (!program) return std::nullopt;
  a.program = std::move(*program);
  return a;
}

std::optional<thread_args> read_thread(parser& p, unsigned max_depth) {
  thread_args a;
  // thread-alg = "ORDEREDSUBJECT" / "REFERENCES" / thread-alg-ext (atom)
  auto alg = p.keyword();
  if (!alg) {
    p.fail("Expected a threading algorithm");
    return std::nullopt;
  }
  a.algorithm_name = *alg;
  if (*alg == "ORDEREDSUBJECT") a.algorithm = thread_algorithm::orderedsubject;
  else if (*alg == "REFERENCES") a.algorithm = thread_algorithm::references;
  else a.algorithm = thread_algorithm::unknown;
  if (!p.sp()) return std::nullopt;
  auto cs = read_charset(p);
  if (!cs) return std::nullopt;
  a.charset = std::move(*cs);
  if (!p.sp()) return std::nullopt;
  auto program = read_search_program(p, max_depth);
  if (!program) return std::nullopt;
  a.program = std::move(*program);
  return a;
}

std::optional<std::vector<std::string>> read_cancelupdate(parser& p) {
  std::vector<std::string> tags;
  do {
    if (p.peek() != '"') {
      p.fail("Expected a quoted tag");
      return std::nullopt;
    }
    auto t = p.string();
    if (!t) return std::nullopt;
    tags.push_back(std::move(*t));
  } while (p.consume(' '));
  if (!p.expect_end()) return std::nullopt;
  return tags;
}

}  // namespace cairn::proto
