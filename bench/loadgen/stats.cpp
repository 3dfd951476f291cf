#include "stats.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace bench {

// Values below `sub` get one bucket each; above, the top sub_bits bits
// after the leading one select the bucket within the value's power of two.
unsigned histogram::index_of(std::uint64_t us) {
  if (us < sub) return static_cast<unsigned>(us);
  unsigned msb = 63u - static_cast<unsigned>(std::countl_zero(us));  // >= sub_bits
  unsigned power = msb - sub_bits + 1;                                  // >= 1
  unsigned offset = static_cast<unsigned>((us >> (msb - sub_bits)) & (sub - 1));
  unsigned i = power * sub + offset;
  return std::min(i, buckets - 1);
}

std::uint64_t histogram::upper_edge(unsigned index) {
  if (index < sub) return index;
  unsigned power = index / sub;
  unsigned offset = index % sub;
  unsigned shift = power - 1;
  return ((static_cast<std::uint64_t>(sub + offset + 1)) << shift) - 1;
}

void histogram::record(std::uint64_t us) {
  ++counts_[index_of(us)];
  ++count_;
  sum_ += us;
  max_ = std::max(max_, us);
}

void histogram::merge(const histogram& o) {
  for (unsigned i = 0; i < buckets; ++i) counts_[i] += o.counts_[i];
  count_ += o.count_;
  sum_ += o.sum_;
  max_ = std::max(max_, o.max_);
}

std::uint64_t histogram::quantile(double q) const {
  if (count_ == 0) return 0;
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t seen = 0;
  for (unsigned i = 0; i < buckets; ++i) {
    seen += counts_[i];
    // The last bucket is open-ended (everything too large for the others):
    // its only known bound is the largest value recorded.
    if (seen >= rank) return i == buckets - 1 ? max_ : std::min(upper_edge(i), max_);
  }
  return max_;
}

void command_stats::merge(const command_stats& o) {
  for (const auto& [name, s] : o.by_name_) {
    auto& mine = by_name_[name];
    mine.latency.merge(s.latency);
    mine.errors += s.errors;
    mine.unsupported += s.unsupported;
    if (mine.last_error.empty()) mine.last_error = s.last_error;
  }
}

}  // namespace bench
