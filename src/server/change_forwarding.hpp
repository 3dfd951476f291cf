#pragma once
// Changes made by a subcommand (`cairn deliver`, `cairn import`) that a
// running `cairn serve` must hear of, so that its IDLE sessions see new mail
// at once (DESIGN.md "Other processes"): collected from the store's change
// listener while the command runs, then forwarded.
//
// HOOK(issue 6): the forwarding itself is the data folder's Unix socket
// that the lead is adding (server side: the hub; client side: a small
// sender). Until that lands on main, forward() only records what it would
// send (log level debug), and the integration test that checks an IDLE
// session hears `cairn deliver` at once is marked to enable then
// (tests/integration/delivery_test.py, test_deliver_wakes_idle).
#include <filesystem>
#include <mutex>
#include <vector>

#include "store/store.hpp"

namespace cairn::server {

class change_collector {
 public:
  // Becomes `b`'s change listener for its lifetime.
  explicit change_collector(store::backend& b);
  ~change_collector();
  change_collector(const change_collector&) = delete;
  change_collector& operator=(const change_collector&) = delete;

  // Tells a server running on `data_dir` what changed since construction
  // (or the last forward), then forgets it. Never fails the command: a
  // server that is not running, or not listening, is fine.
  void forward(const std::filesystem::path& data_dir);

 private:
  store::backend& backend_;
  std::mutex mu_;
  std::vector<store::change_event> events_;
};

}  // namespace cairn::server
