// Included by store/sort.hpp: the THREAD response writer (iterative).
#include <utility>

namespace cairn::store {

// thread-list = "(" (thread-members / thread-nested) ")"
// thread-members = nz-number *(SP nz-number) [SP thread-nested]
// thread-nested = 2*thread-list
// A message with one child continues the chain ("3 6"); with several, each
// child opens a list ("3 (4)(5)"). A dummy prints no number: its children
// are its lists ("((3)(5))").
template <class F>
std::string format_threads(const thread_tree& t, F&& number) {
  std::string out;
  // Work items: a node to open (write its number and its children), or a
  // ")" to close.
  struct item {
    std::uint32_t node;
    bool close;
    bool list;  // the node is written as "(" ... ")"
  };
  std::vector<item> stack;
  for (auto it = t.roots.rbegin(); it != t.roots.rend(); ++it) stack.push_back({*it, false, true});
  bool need_space = false;
  out.reserve(t.nodes.size() * 8);
  while (!stack.empty()) {
    item i = stack.back();
    stack.pop_back();
    if (i.close) {
      out += ')';
      need_space = false;
      continue;
    }
    const auto& n = t.nodes[i.node];
    if (i.list) {
      if (out.empty()) out += ' ';
      out += '(';
      need_space = false;
      stack.push_back({i.node, true, false});
    }
    if (n.uid != 0) {
      if (need_space) out += ' ';
      out += std::to_string(number(n.uid));
      need_space = true;
    }
    if (n.children.size() == 1 && n.uid != 0) {
      stack.push_back({n.children[0], false, false});
    } else if (!n.children.empty()) {
      if (need_space) out += ' ';
      need_space = false;
      for (auto c = n.children.rbegin(); c != n.children.rend(); ++c) stack.push_back({*c, false, true});
    }
  }
  return out;
}

}  // namespace cairn::store
