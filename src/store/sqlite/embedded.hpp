#pragma once
// What the embedded backend shows beyond store::backend, for tests, metrics
// and `cairn check`. Sessions use store.hpp only.
#include <cstdint>

#include "store/store.hpp"

namespace cairn::store::sqlite {

struct account_write_stats {
  std::uint64_t commits = 0;  // write transactions committed
  std::uint64_t jobs = 0;     // changing calls that succeeded in them
  std::uint64_t queued = 0;   // changing calls waiting for the next commit
  std::uint64_t running = 0;  // changing calls in the commit being made
};

// The group-commit counters of an embedded account since it was opened
// (zeros for an account of another backend). jobs / commits is how many
// changing calls shared one fsync on average.
account_write_stats write_stats_of(account& acct);

}  // namespace cairn::store::sqlite
