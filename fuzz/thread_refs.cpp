// libFuzzer target for THREAD's inputs (store/sort.hpp): any bytes become a
// mailbox, one message per line, fields separated by TAB: Message-ID,
// References, In-Reply-To, Subject, and a date byte. Both algorithms must
// return a tree that holds every message exactly once and ends (no cycle,
// whatever the References say), dummies only with children, and the
// THREAD response must balance its parentheses. base_subject must be
// idempotent on what it returns.
// fuzz-deps: cairn_store
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/sort.hpp"

namespace {

using namespace cairn::store;

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (;;) {
    auto at = s.find(sep);
    out.push_back(s.substr(0, at));
    if (at == std::string_view::npos) break;
    s.remove_prefix(at + 1);
  }
  return out;
}

void check(const thread_tree& t, std::size_t messages) {
  std::vector<int> seen(t.nodes.size(), 0);
  std::vector<std::uint32_t> stack(t.roots.begin(), t.roots.end());
  std::size_t found = 0, visits = 0;
  while (!stack.empty()) {
    auto x = stack.back();
    stack.pop_back();
    if (x >= t.nodes.size() || seen[x]++) __builtin_trap();  // a node twice: a cycle or a shared child
    if (++visits > t.nodes.size()) __builtin_trap();
    const auto& n = t.nodes[x];
    if (n.uid != 0) ++found;
    else if (n.children.empty()) __builtin_trap();
    for (auto c : n.children) stack.push_back(c);
  }
  if (found != messages) __builtin_trap();
  std::string out = format_threads(t, [](uid_t u) { return u; });
  int depth = 0;
  for (char c : out) {
    if (c == '(') ++depth;
    if (c == ')' && --depth < 0) __builtin_trap();
  }
  if (depth != 0) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<sort_source> rows;
  uid_t uid = 0;
  for (auto line : split(in, '\n')) {
    if (rows.size() >= 2000) break;
    auto f = split(line, '\t');
    sort_source r;
    r.uid = ++uid;
    if (f.size() > 0 && !f[0].empty()) r.keys.message_id = std::string(f[0]);
    if (f.size() > 1 && !f[1].empty()) r.keys.references = std::string(f[1]);
    if (f.size() > 2 && !f[2].empty()) r.keys.in_reply_to = std::string(f[2]);
    if (f.size() > 3) r.keys.subject = std::string(f[3]);
    if (f.size() > 4 && !f[4].empty()) r.keys.date = zoned_time{static_cast<unsigned char>(f[4][0]) * 60, 0};
    rows.push_back(std::move(r));
    if (f.size() > 3) {
      std::string b = base_subject(f[3]);
      // Idempotent, unless decoding produced new encoded-words.
      if (b.find("=?") == std::string::npos && base_subject(b) != b) __builtin_trap();
    }
  }
  check(thread_references(rows), rows.size());
  check(thread_orderedsubject(rows), rows.size());
  std::vector<order_criterion> c{{order_key::subject, false}, {order_key::date, true}};
  if (sort_messages(rows, c).size() != rows.size()) __builtin_trap();
  return 0;
}
