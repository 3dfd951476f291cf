#pragma once
// Latency histograms and per-command counters for the load generator.
//
// Contract:
//  - histogram records durations in microseconds into log-linear buckets
//    (64 per power of two, so any percentile it reports is within 1.6 % of
//    the true value) from 1 us to about 2^36 us (19 hours); larger values go
//    into the last bucket. Fixed memory (2,304 counters), no allocation after
//    construction, not thread-safe: one per thread, merged at the end.
//  - command_stats keeps one histogram per command name, plus error and
//    "not supported" counts; names are few and known in advance.
#include <array>
#include <cstdint>
#include <map>
#include <string>

namespace bench {

class histogram {
 public:
  static constexpr unsigned sub_bits = 6;  // 64 buckets per power of two
  static constexpr unsigned sub = 1u << sub_bits;
  static constexpr unsigned powers = 36;
  static constexpr unsigned buckets = powers * sub;

  void record(std::uint64_t us);
  void merge(const histogram& o);
  std::uint64_t count() const { return count_; }
  double mean() const { return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0; }
  std::uint64_t max() const { return max_; }
  // The value at quantile q (0..1): the upper edge of the bucket holding
  // the ceil(q * count)-th smallest sample, capped at max(). 0 if empty.
  std::uint64_t quantile(double q) const;

 private:
  static unsigned index_of(std::uint64_t us);
  static std::uint64_t upper_edge(unsigned index);
  std::array<std::uint64_t, buckets> counts_{};
  std::uint64_t count_ = 0;
  std::uint64_t sum_ = 0;
  std::uint64_t max_ = 0;
};

struct command_stat {
  histogram latency;
  std::uint64_t errors = 0;       // NO/BAD (other than "not supported"), timeouts, drops
  std::uint64_t unsupported = 0;  // tagged NO/BAD saying the command is not supported
  std::string last_error;         // one example, for the report
};

class command_stats {
 public:
  command_stat& operator[](const std::string& name) { return by_name_[name]; }
  void merge(const command_stats& o);
  const std::map<std::string, command_stat>& all() const { return by_name_; }
  void clear() { by_name_.clear(); }

 private:
  std::map<std::string, command_stat> by_name_;
};

}  // namespace bench
