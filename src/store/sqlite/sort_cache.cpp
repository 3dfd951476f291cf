#include "store/sqlite/sort_cache.hpp"

namespace cairn::store::sqlite {

std::string sort_cache::key(const std::string& account, mailbox_id box) {
  return account + '/' + std::to_string(box);
}

std::shared_ptr<mailbox_keys> sort_cache::get(const std::string& account, mailbox_id box) {
  std::lock_guard lk(mu_);
  const std::string k = key(account, box);
  if (auto it = pos_.find(k); it != pos_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->keys;
  }
  lru_.push_front(entry{account, box, std::make_shared<mailbox_keys>(), 0});
  pos_[k] = lru_.begin();
  return lru_.front().keys;
}

void sort_cache::drop(list::iterator it) {
  total_ -= it->messages;
  pos_.erase(key(it->account, it->box));
  lru_.erase(it);  // a user still holding the keys keeps them alive until done
}

void sort_cache::used(const std::string& account, mailbox_id box, std::size_t messages) {
  std::lock_guard lk(mu_);
  auto it = pos_.find(key(account, box));
  if (it == pos_.end()) return;  // forgotten meanwhile
  auto e = it->second;
  total_ = total_ - e->messages + messages;
  e->messages = messages;
  if (messages > max_) {
    drop(e);
    return;
  }
  while (total_ > max_ && !lru_.empty() && std::prev(lru_.end()) != e) drop(std::prev(lru_.end()));
}

void sort_cache::forget(const std::string& account) {
  std::lock_guard lk(mu_);
  for (auto it = lru_.begin(); it != lru_.end();) {
    auto next = std::next(it);
    if (it->account == account) drop(it);
    it = next;
  }
}

std::size_t sort_cache::messages() const {
  std::lock_guard lk(mu_);
  return total_;
}

std::size_t sort_cache::entries() const {
  std::lock_guard lk(mu_);
  return lru_.size();
}

}  // namespace cairn::store::sqlite
