#include "server/change_forwarding.hpp"

#include "base/log.hpp"

namespace cairn::server {

change_collector::change_collector(store::backend& b) : backend_(b) {
  backend_.set_change_listener([this](const store::change_event& e) {
    std::lock_guard lk(mu_);
    events_.push_back(e);
  });
}

change_collector::~change_collector() { backend_.set_change_listener({}); }

void change_collector::forward(const std::filesystem::path& data_dir) {
  std::vector<store::change_event> events;
  {
    std::lock_guard lk(mu_);
    events.swap(events_);
  }
  // HOOK(issue 6): send `events` over the data folder's notification socket
  // once the lead's client for it is on main.
  for (const auto& e : events)
    log::debug("change to forward", {{"data", data_dir.string()}, {"account", e.account_id},
                                     {"mailbox", e.mailbox}, {"highestmodseq", e.highestmodseq}});
}

}  // namespace cairn::server
