#pragma once
// auth::conn_limits: how many sessions an account has open from one
// address, and how many sessions an address has open in all, with caps
// (DESIGN.md "Bounded everything": 50 per account and address; no cap per
// address unless configured, because many users share one NAT).
//
// An IMAP session takes an address ticket when it connects (counted
// against per_ip: a flood of connections that never log in is refused
// from the start when a cap is set, issue 11) and an account ticket once
// it knows its account (counted against per_user_ip); each gives its place
// back when destroyed. try_acquire() takes both at once (for callers that
// connect and log in in one step). Counts exist only for open sessions, so memory follows the
// number of sessions. Addresses are compared in canonical form
// (auth/address.hpp), so "::ffff:192.0.2.1" and "192.0.2.1" are one.
// Thread-safe; tickets may be destroyed on any thread and may outlive the
// conn_limits object.
#include <memory>
#include <string>
#include <string_view>

#include "base/limits.hpp"
#include "base/result.hpp"

namespace cairn::auth {

struct conn_caps {
  // limits.connections_per_user_ip: sessions of one account from one
  // address; 0 = no cap.
  unsigned per_user_ip = limits{}.connections_per_user_ip;
  // limits.connections_per_ip: sessions from one address, all accounts
  // together; 0 = no cap.
  unsigned per_ip = limits{}.connections_per_ip;
};

class conn_limits {
  struct state;

 public:
  // Holds one place for (account, address) and for address. Move-only;
  // an empty (default-constructed or moved-from) ticket holds nothing.
  class ticket {
   public:
    ticket() = default;
    ticket(ticket&& other) noexcept;
    ticket& operator=(ticket&& other) noexcept;
    ticket(const ticket&) = delete;
    ticket& operator=(const ticket&) = delete;
    ~ticket();
    // Gives the place back now; idempotent.
    void release() noexcept;
    bool held() const noexcept { return state_ != nullptr; }

   private:
    friend class conn_limits;
    ticket(std::shared_ptr<state> s, std::string account, std::string address, bool counts_user, bool counts_ip);
    std::shared_ptr<state> state_;
    std::string account_;
    std::string address_;
    bool counts_user_ = false;
    bool counts_ip_ = false;
  };

  explicit conn_limits(conn_caps caps = {});

  // A place for one more session of `account` (the folded login name) from
  // `addr`, or errc::limit if either cap is reached (the session answers
  // NO [LIMIT] and closes).
  result<ticket> try_acquire(std::string_view account, std::string_view addr);
  // Only the address's place (per_ip): taken at connect.
  result<ticket> try_acquire_address(std::string_view addr);
  // Only the account's place from that address (per_user_ip): taken at
  // login by a session that holds an address ticket already.
  result<ticket> try_acquire_account(std::string_view account, std::string_view addr);

  // New caps apply to later try_acquire calls; open sessions keep their
  // places even if now over the cap (configuration reload).
  void set_caps(conn_caps caps);

  unsigned count(std::string_view account, std::string_view addr) const;
  unsigned count(std::string_view addr) const;

 private:
  std::shared_ptr<state> state_;
};

}  // namespace cairn::auth
