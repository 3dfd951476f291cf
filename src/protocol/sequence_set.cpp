#include "protocol/sequence_set.hpp"

#include <algorithm>

#include "protocol/writer.hpp"

namespace cairn::proto {

bool sequence_set::has_star() const {
  for (const auto& r : ranges)
    if (r.first == star || r.last == star) return true;
  return false;
}

namespace {
std::optional<std::uint32_t> seq_number(parser& p) {
  if (p.consume('*')) return star;
  return p.nz_number();
}
}  // namespace

std::optional<sequence_set> read_sequence_set(parser& p, std::size_t max_ranges) {
  sequence_set set;
  if (p.consume('$')) {
    set.saved = true;
    return set;
  }
  do {
    if (set.ranges.size() >= max_ranges) {
      p.fail("Sequence set has too many ranges");
      return std::nullopt;
    }
    auto a = seq_number(p);
    if (!a) {
      p.fail("Invalid sequence set");
      return std::nullopt;
    }
    std::uint32_t b = *a;
    if (p.consume(':')) {
      auto bb = seq_number(p);
      if (!bb) {
        p.fail("Invalid sequence set");
        return std::nullopt;
      }
      b = *bb;
    }
    set.ranges.push_back({*a, b});
  } while (p.consume(','));
  return set;
}

number_ranges merge(std::vector<number_range> r) {
  std::sort(r.begin(), r.end(), [](const number_range& x, const number_range& y) { return x.first < y.first; });
  number_ranges out;
  for (const auto& x : r) {
    if (!out.empty() && static_cast<std::uint64_t>(out.back().last) + 1 >= x.first) {
      out.back().last = std::max(out.back().last, x.last);
    } else {
      out.push_back(x);
    }
  }
  return out;
}

number_ranges resolve(const sequence_set& set, std::uint32_t largest) {
  std::vector<number_range> r;
  r.reserve(set.ranges.size());
  for (const auto& x : set.ranges) {
    std::uint32_t a = x.first == star ? largest : x.first;
    std::uint32_t b = x.last == star ? largest : x.last;
    if (a > b) std::swap(a, b);
    if (b == 0) continue;  // "*" in an empty mailbox
    if (a == 0) a = 1;
    r.push_back({a, b});
  }
  return merge(std::move(r));
}

number_ranges clip(const number_ranges& r, std::uint32_t max) {
  number_ranges out;
  for (const auto& x : r) {
    if (x.first > max) break;
    out.push_back({x.first, std::min(x.last, max)});
  }
  return out;
}

bool contains(const number_ranges& r, std::uint32_t n) {
  auto it = std::upper_bound(r.begin(), r.end(), n,
                             [](std::uint32_t v, const number_range& x) { return v < x.first; });
  if (it == r.begin()) return false;
  --it;
  return n <= it->last;
}

std::uint64_t count(const number_ranges& r) {
  std::uint64_t n = 0;
  for (const auto& x : r) n += static_cast<std::uint64_t>(x.last) - x.first + 1;
  return n;
}

std::string to_string(const number_ranges& r) {
  std::string out;
  for (const auto& x : r) {
    if (!out.empty()) out += ',';
    append_number(out, x.first);
    if (x.last != x.first) {
      out += ':';
      append_number(out, x.last);
    }
  }
  return out;
}

number_ranges from_sorted(const std::vector<std::uint32_t>& sorted) {
  number_ranges out;
  for (std::uint32_t n : sorted) {
    if (!out.empty() && out.back().last + 1 == n) out.back().last = n;
    else if (out.empty() || out.back().last != n) out.push_back({n, n});
  }
  return out;
}

}  // namespace cairn::proto
