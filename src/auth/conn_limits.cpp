#include "auth/conn_limits.hpp"

#include <mutex>
#include <unordered_map>

#include "auth/address.hpp"

namespace cairn::auth {

struct conn_limits::state {
  std::mutex mutex;
  conn_caps caps;
  // Key of a pair: account NUL address (neither contains NUL: addresses
  // are canonical text, and a NUL in an account name never reaches login).
  std::unordered_map<std::string, unsigned> per_user_ip;
  std::unordered_map<std::string, unsigned> per_ip;

  static std::string pair_key(std::string_view account, std::string_view address) {
    std::string k;
    k.reserve(account.size() + 1 + address.size());
    k += account;
    k += '\0';
    k += address;
    return k;
  }

  void release(const std::string& account, const std::string& address) {
    std::lock_guard lock(mutex);
    auto drop = [](std::unordered_map<std::string, unsigned>& m, const std::string& k) {
      auto it = m.find(k);
      if (it == m.end()) return;
      if (--it->second == 0) m.erase(it);
    };
    drop(per_user_ip, pair_key(account, address));
    drop(per_ip, address);
  }
};

conn_limits::ticket::ticket(std::shared_ptr<state> s, std::string account, std::string address)
    : state_(std::move(s)), account_(std::move(account)), address_(std::move(address)) {}

conn_limits::ticket::ticket(ticket&& other) noexcept
    : state_(std::move(other.state_)),
      account_(std::move(other.account_)),
      address_(std::move(other.address_)) {
  other.state_.reset();
}

conn_limits::ticket& conn_limits::ticket::operator=(ticket&& other) noexcept {
  if (this != &other) {
    release();
    state_ = std::move(other.state_);
    other.state_.reset();
    account_ = std::move(other.account_);
    address_ = std::move(other.address_);
  }
  return *this;
}

conn_limits::ticket::~ticket() { release(); }

void conn_limits::ticket::release() noexcept {
  if (!state_) return;
  // release() allocates a key; if that throws we would rather lose one
  // count than terminate the process.
  try {
    state_->release(account_, address_);
  } catch (...) {
  }
  state_.reset();
}

conn_limits::conn_limits(conn_caps caps) : state_(std::make_shared<state>()) {
  state_->caps = caps;
}

result<conn_limits::ticket> conn_limits::try_acquire(std::string_view account,
                                                     std::string_view addr) {
  std::string address = canonical_address(addr);
  std::string pair = state::pair_key(account, address);
  std::lock_guard lock(state_->mutex);
  const conn_caps& caps = state_->caps;
  auto user_it = state_->per_user_ip.find(pair);
  unsigned user_n = user_it == state_->per_user_ip.end() ? 0 : user_it->second;
  auto ip_it = state_->per_ip.find(address);
  unsigned ip_n = ip_it == state_->per_ip.end() ? 0 : ip_it->second;
  if (caps.per_user_ip != 0 && user_n >= caps.per_user_ip) return errc::limit;
  if (caps.per_ip != 0 && ip_n >= caps.per_ip) return errc::limit;
  ++state_->per_user_ip[pair];
  ++state_->per_ip[address];
  return ticket(state_, std::string(account), std::move(address));
}

void conn_limits::set_caps(conn_caps caps) {
  std::lock_guard lock(state_->mutex);
  state_->caps = caps;
}

unsigned conn_limits::count(std::string_view account, std::string_view addr) const {
  std::string pair = state::pair_key(account, canonical_address(addr));
  std::lock_guard lock(state_->mutex);
  auto it = state_->per_user_ip.find(pair);
  return it == state_->per_user_ip.end() ? 0 : it->second;
}

unsigned conn_limits::count(std::string_view addr) const {
  std::string address = canonical_address(addr);
  std::lock_guard lock(state_->mutex);
  auto it = state_->per_ip.find(address);
  return it == state_->per_ip.end() ? 0 : it->second;
}

}  // namespace cairn::auth
