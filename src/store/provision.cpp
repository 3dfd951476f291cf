// provision(): the mailboxes a new account starts with (store.hpp).
#include <algorithm>

#include "store/store.hpp"

namespace cairn::store {

namespace {
struct standard_mailbox {
  const char* name;
  const char* special_use;  // RFC 6154
};
constexpr standard_mailbox standard_mailboxes[] = {
    {"INBOX", ""},        {"Drafts", "\\Drafts"}, {"Sent", "\\Sent"},
    {"Trash", "\\Trash"}, {"Junk", "\\Junk"},     {"Archive", "\\Archive"},
};
}  // namespace

result<void> provision(account& acct) {
  // Each step tolerates its own earlier success, so running again after a
  // crash halfway finishes the job. A mailbox the user already made under
  // one of these names is left as it is.
  for (const auto& m : standard_mailboxes) {
    auto r = acct.create_mailbox(m.name, m.special_use);
    if (!r && r.error() != errc::already_exists) return r.error();
  }
  auto subs = acct.subscriptions();
  if (!subs) return subs.error();
  for (const auto& m : standard_mailboxes) {
    if (std::find(subs->begin(), subs->end(), m.name) != subs->end()) continue;
    if (auto r = acct.set_subscribed(m.name, true); !r) return r;
  }
  return {};
}

}  // namespace cairn::store
