// libFuzzer target for the SORT, THREAD and CANCELUPDATE argument parsers
// (protocol/sort.hpp): any bytes in. The first byte picks the parser. What
// parses must be well formed (a criterion list that is not empty, a
// program with keys within the depth limit, a PARTIAL range with both ends
// of one sign and ordered), and written back in canonical form it must
// parse again to the same arguments; a refusal must say why.
// fuzz-deps: cairn_protocol
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/sort.hpp"
#include "protocol/writer.hpp"

namespace {

using namespace cairn::proto;

constexpr unsigned max_depth = 20;

unsigned depth_of(const search_key& k) {
  unsigned d = 0;
  for (const auto& c : k.children) d = std::max(d, depth_of(c));
  bool counts = k.op == search_op::not_ || k.op == search_op::or_ || k.op == search_op::and_;
  return d + (counts ? 1 : 0);
}

void check_return(const search_return& r) {
  if (r.partial) {
    const auto& p = *r.partial;
    if (p.first == 0 || p.last == 0) __builtin_trap();
    if ((p.first > 0) != (p.last > 0)) __builtin_trap();
    if (p.first > 0 ? p.first > p.last : p.first < p.last) __builtin_trap();
    if (r.all) __builtin_trap();
  }
}

std::string write_return(const search_return& r) {
  std::string out = "RETURN (";
  auto add = [&](const std::string& s) {
    if (out.back() != '(') out += ' ';
    out += s;
  };
  if (r.min) add("MIN");
  if (r.max) add("MAX");
  if (r.all) add("ALL");
  if (r.count) add("COUNT");
  if (r.save) add("SAVE");
  if (r.context) add("CONTEXT");
  if (r.update) add("UPDATE");
  if (r.partial) add("PARTIAL " + std::to_string(r.partial->first) + ":" + std::to_string(r.partial->last));
  return out + ")";
}

std::string write_sort(const sort_args& a) {
  std::string out;
  if (a.ret) out += write_return(*a.ret) + " ";
  out += '(';
  for (std::size_t i = 0; i < a.criteria.size(); ++i) {
    if (i) out += ' ';
    if (a.criteria[i].reverse) out += "REVERSE ";
    out += name_of(a.criteria[i].key);
  }
  out += ") ";
  append_string(out, a.charset);  // charset = atom / quoted: never a literal
  out += " ALL";
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t which = data[0] % 3;
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  parser p(in, max_depth);
  if (which == 0) {
    auto a = read_sort(p, max_depth);
    if (!a) {
      if (p.error().empty()) __builtin_trap();
      return 0;
    }
    if (a->criteria.empty() || a->program.children.empty()) __builtin_trap();
    if (depth_of(a->program) > max_depth + 1) __builtin_trap();
    if (a->ret) check_return(*a->ret);
    // Criteria, return options and charset survive a round trip (a charset
    // that only a literal could carry was not sent as atom or quoted).
    std::string again = write_sort(*a);
    if (again.find('{') != std::string::npos) return 0;
    parser q(again, max_depth);
    auto b = read_sort(q, max_depth);
    if (!b) __builtin_trap();
    if (b->criteria != a->criteria || b->charset != a->charset) __builtin_trap();
    if (write_sort(*b) != again) __builtin_trap();
  } else if (which == 1) {
    auto a = read_thread(p, max_depth);
    if (!a) {
      if (p.error().empty()) __builtin_trap();
      return 0;
    }
    if (a->program.children.empty() || a->algorithm_name.empty()) __builtin_trap();
    if (depth_of(a->program) > max_depth + 1) __builtin_trap();
    if ((a->algorithm == thread_algorithm::references) != (a->algorithm_name == "REFERENCES")) __builtin_trap();
  } else {
    auto t = read_cancelupdate(p);
    if (!t) {
      if (p.error().empty()) __builtin_trap();
      return 0;
    }
    if (t->empty()) __builtin_trap();
    // Each tag written back as a quoted string (when it can be one) reads
    // back the same.
    for (const auto& tag : *t) {
      std::string again;
      append_string(again, tag);
      if (again.empty() || again[0] != '"') continue;
      parser q(again);
      auto u = read_cancelupdate(q);
      if (!u || u->size() != 1 || (*u)[0] != tag) __builtin_trap();
    }
  }
  return 0;
}
