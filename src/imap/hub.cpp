#include "imap/hub.hpp"

#include <vector>

namespace cairn::imap {

std::string hub::key(const std::string& account, store::mailbox_id box) {
  return account + '\0' + std::to_string(box);
}

hub::watch& hub::watch::operator=(watch&& o) noexcept {
  if (this != &o) {
    reset();
    owner_ = o.owner_;
    key_ = std::move(o.key_);
    id_ = o.id_;
    o.owner_ = nullptr;
  }
  return *this;
}

void hub::watch::reset() {
  if (owner_) owner_->drop(key_, id_);
  owner_ = nullptr;
}

void hub::watch::told(store::modseq_t m) {
  if (owner_) owner_->set_told(key_, id_, m);
}

hub::watch hub::subscribe(const std::string& account, store::mailbox_id box, store::modseq_t told, waker w) {
  watch out;
  std::lock_guard lk(mu_);
  out.owner_ = this;
  out.key_ = key(account, box);
  out.id_ = next_id_++;
  auto& mb = boxes_[out.key_];
  mb.sessions.emplace(out.id_, entry{std::move(w), told});
  if (told > mb.latest) mb.latest = told;
  return out;
}

void hub::drop(const std::string& k, std::uint64_t id) {
  std::lock_guard lk(mu_);
  auto it = boxes_.find(k);
  if (it == boxes_.end()) return;
  it->second.sessions.erase(id);
  if (it->second.sessions.empty()) boxes_.erase(it);
}

void hub::set_told(const std::string& k, std::uint64_t id, store::modseq_t m) {
  std::lock_guard lk(mu_);
  auto it = boxes_.find(k);
  if (it == boxes_.end()) return;
  auto s = it->second.sessions.find(id);
  if (s != it->second.sessions.end()) s->second.told = m;
}

void hub::notify(const std::string& account, store::mailbox_id box, store::modseq_t highest) {
  std::vector<waker> to_wake;
  {
    std::lock_guard lk(mu_);
    auto add = [&](const std::string& k) {
      auto it = boxes_.find(k);
      if (it == boxes_.end()) return;
      if (highest > it->second.latest) it->second.latest = highest;
      for (auto& [id, e] : it->second.sessions) to_wake.push_back(e.wake);
    };
    add(key(account, box));
    if (box != 0) add(key(account, 0));
  }
  for (auto& w : to_wake) w();
}

void hub::notify_account(const std::string& account) {
  std::vector<waker> to_wake;
  {
    std::lock_guard lk(mu_);
    const std::string prefix = account + '\0';
    for (auto& [k, mb] : boxes_)
      if (k.compare(0, prefix.size(), prefix) == 0)
        for (auto& [id, e] : mb.sessions) to_wake.push_back(e.wake);
  }
  for (auto& w : to_wake) w();
}

store::modseq_t hub::safe_to_purge(const std::string& account, store::mailbox_id box, store::modseq_t fallback) {
  std::lock_guard lk(mu_);
  auto it = boxes_.find(key(account, box));
  if (it == boxes_.end() || it->second.sessions.empty()) return fallback;
  store::modseq_t low = fallback;
  for (auto& [id, e] : it->second.sessions)
    if (e.told < low) low = e.told;
  return low;
}

store::modseq_t hub::latest(const std::string& account, store::mailbox_id box) {
  std::lock_guard lk(mu_);
  auto it = boxes_.find(key(account, box));
  return it == boxes_.end() ? 0 : it->second.latest;
}

std::size_t hub::watchers() const {
  std::lock_guard lk(mu_);
  std::size_t n = 0;
  for (auto& [k, v] : boxes_) n += v.sessions.size();
  return n;
}

}  // namespace cairn::imap
