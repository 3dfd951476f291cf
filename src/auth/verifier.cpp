#include "auth/verifier.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "base/log.hpp"

namespace cairn::auth {

std::string fold_account_name(std::string_view name) {
  std::string out(name);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

verifier::verifier(verifier_options options) : options_(std::move(options)) {
  if (!check_params(options_.params)) throw std::invalid_argument("invalid argon2 parameters");
  if (RAND_bytes(hmac_key_, sizeof hmac_key_) != 1)
    throw std::runtime_error("no random bytes for the login cache key");
  // The dummy is an ordinary hash of a random password: no password can be
  // known to match it, and it costs exactly what a real one at these params
  // costs.
  unsigned char secret[16];
  if (RAND_bytes(secret, sizeof secret) != 1)
    throw std::runtime_error("no random bytes for the dummy password");
  auto dummy = hash_password(std::string_view(reinterpret_cast<char*>(secret), sizeof secret),
                             options_.params);
  if (!dummy) throw std::runtime_error("cannot compute the dummy password hash");
  dummy_hash_ = std::move(*dummy);

  unsigned n = options_.workers == 0 ? 1 : options_.workers;
  workers_.reserve(n);
  try {
    for (unsigned i = 0; i < n; ++i) workers_.emplace_back([this] { work(); });
  } catch (...) {
    // Threads already started must be joined before the exception leaves,
    // or their std::thread destructors would terminate the process.
    stop();
    throw;
  }
}

verifier::~verifier() {
  stop();
  OPENSSL_cleanse(hmac_key_, sizeof hmac_key_);
}

void verifier::verify(std::string_view username, std::string_view password, lookup_fn lookup,
                      verify_callback done) {
  {
    std::lock_guard lock(queue_mutex_);
    if (!stopping_ && queue_.size() < options_.queue) {
      queue_.push_back(job{std::string(username), std::string(password), std::move(lookup),
                           std::move(done)});
      queue_cv_.notify_one();
      return;
    }
  }
  ++busy_;
  done(errc::busy);
}

void verifier::stop() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
    threads.swap(workers_);  // only the first caller joins
  }
  queue_cv_.notify_all();
  for (auto& t : threads) t.join();
  std::deque<job> left;
  {
    std::lock_guard lock(queue_mutex_);
    left.swap(queue_);
  }
  for (auto& j : left) {
    OPENSSL_cleanse(j.password.data(), j.password.size());
    ++busy_;
    try {
      j.done(errc::busy);
    } catch (...) {
      log::error("auth_callback_threw");
    }
  }
}

void verifier::work() {
  for (;;) {
    job j;
    {
      std::unique_lock lock(queue_mutex_);
      queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      // Stopping: what is still queued is answered by stop(), not run.
      if (stopping_) return;
      j = std::move(queue_.front());
      queue_.pop_front();
    }
    result<verified_user> r = errc::internal;
    try {
      r = check(j);
    } catch (const std::exception& e) {
      // A throwing lookup (bad_alloc, a bug) must not take the worker down.
      log::error("auth_check_failed", {{"error", e.what()}});
    } catch (...) {
      log::error("auth_check_failed");
    }
    OPENSSL_cleanse(j.password.data(), j.password.size());
    try {
      j.done(std::move(r));
    } catch (...) {
      log::error("auth_callback_threw");
    }
  }
}

result<verified_user> verifier::check(const job& j) {
  std::string name = fold_account_name(j.username);
  // NUL would make the cache key "name NUL password" ambiguous, and no
  // account is called that anyway.
  if (name.empty() || name.find('\0') != std::string::npos) {
    dummy_check(j.password);
    return errc::auth_failed;
  }
  result<store::user_record> rec = j.lookup(name);
  if (!rec) {
    if (rec.error() != errc::not_found) return rec.error();
    dummy_check(j.password);
    return errc::auth_failed;
  }
  const std::string& stored = rec->password_hash;
  if (!is_supported_hash(stored)) {
    // A disabled account ("!" or "*") or an unsupported import: answer like
    // any other failure, in the same time.
    log::warn("auth_unsupported_hash", {{"user", name}});
    dummy_check(j.password);
    return errc::auth_failed;
  }
  bool upgrade = needs_upgrade(stored, options_.params);
  std::string key = cache_key(name, j.password);
  if (cache_hit(key, stored)) {
    ++cache_hits_;
    return verified_user{std::move(*rec), true, upgrade};
  }
  ++verifications_;
  if (!verify_password(j.password, stored)) {
    // An imported hash may be far cheaper than argon2 (SHA-crypt: a few
    // milliseconds), which would make "wrong password" much faster than
    // "no such user". Spend the dummy check too, so a failure never costs
    // less than an unknown user's.
    if (upgrade) dummy_check(j.password);
    return errc::auth_failed;
  }
  cache_put(std::move(key), name, stored);
  return verified_user{std::move(*rec), false, upgrade};
}

void verifier::dummy_check(std::string_view password) {
  ++dummy_verifications_;
  // The answer is always "no"; only the time spent matters.
  (void)verify_password(password, dummy_hash_);
}

std::string verifier::cache_key(std::string_view name, std::string_view password) const {
  std::string input;
  input.reserve(name.size() + 1 + password.size());
  input += name;
  input += '\0';
  input += password;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  unsigned char* ok = HMAC(EVP_sha256(), hmac_key_, sizeof hmac_key_,
                           reinterpret_cast<const unsigned char*>(input.data()), input.size(), md,
                           &len);
  OPENSSL_cleanse(input.data(), input.size());
  // Without a key the cache is simply skipped (an empty key never matches).
  if (ok == nullptr) return {};
  return std::string(reinterpret_cast<char*>(md), len);
}

std::chrono::steady_clock::time_point verifier::now() const {
  return options_.clock ? options_.clock() : std::chrono::steady_clock::now();
}

bool verifier::cache_hit(const std::string& key, const std::string& stored_hash) {
  if (key.empty() || options_.cache_entries == 0 || options_.cache_ttl.count() <= 0) return false;
  auto t = now();
  std::lock_guard lock(cache_mutex_);
  auto it = cache_.find(key);
  if (it == cache_.end()) return false;
  if (it->second.expires <= t || it->second.stored_hash != stored_hash) {
    // Expired, or the password changed since: this entry can never hit again.
    cache_erase(it);
    return false;
  }
  return true;
}

void verifier::cache_put(std::string key, const std::string& name, const std::string& stored_hash) {
  if (key.empty() || options_.cache_entries == 0 || options_.cache_ttl.count() <= 0) return;
  auto t = now();
  std::lock_guard lock(cache_mutex_);
  if (auto it = cache_.find(key); it != cache_.end()) cache_erase(it);
  // Entries share one TTL, so the oldest are also the first to expire:
  // drop expired ones from the front, then make room if still full.
  while (!cache_order_.empty()) {
    auto oldest = cache_.find(cache_order_.front());
    if (oldest->second.expires > t && cache_.size() < options_.cache_entries) break;
    cache_erase(oldest);
  }
  cache_order_.push_back(key);
  cache_.emplace(std::move(key),
                 cache_entry{name, stored_hash, t + options_.cache_ttl, std::prev(cache_order_.end())});
}

void verifier::cache_erase(std::unordered_map<std::string, cache_entry>::iterator it) {
  cache_order_.erase(it->second.order);
  cache_.erase(it);
}

void verifier::forget(std::string_view name) {
  std::string folded = fold_account_name(name);
  std::lock_guard lock(cache_mutex_);
  // Rare (password changes), and the cache is bounded: a scan is enough.
  for (auto it = cache_.begin(); it != cache_.end();) {
    auto next = std::next(it);
    if (it->second.name == folded) cache_erase(it);
    it = next;
  }
}

verifier_stats verifier::stats() const {
  return {verifications_.load(), dummy_verifications_.load(), cache_hits_.load(), busy_.load()};
}

std::size_t verifier::cache_size() const {
  std::lock_guard lock(cache_mutex_);
  return cache_.size();
}

}  // namespace cairn::auth
