#pragma once
// auth::conn_limits: how many sessions an account has open from one
// address, and how many sessions an address has open in all, with caps
// (DESIGN.md "Bounded everything": 50 per account and address; no cap per
// address unless configured, because many users share one NAT).
//
// A session takes a ticket once it knows its account (after login) and
// holds it for its lifetime; the ticket gives its place back when
// destroyed. Counts exist only for open sessions, so memory follows the
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
    ticket(std::shared_ptr<state> s, std::string account, std::string address);
    std::shared_ptr<state> state_;
    std::string account_;
    std::string address_;
  };

  explicit conn_limits(conn_caps caps = {});

  // A place for one more session of `account` (the folded login name) from
  // `addr`, or errc::limit if either cap is reached (the session answers
  // NO [LIMIT] and closes).
  result<ticket> try_acquire(std::string_view account, std::string_view addr);

  // New caps apply to later try_acquire calls; open sessions keep their
  // places even if now over the cap (configuration reload).
  void set_caps(conn_caps caps);

  unsigned count(std::string_view account, std::string_view addr) const;
  unsigned count(std::string_view addr) const;

 private:
  std::shared_ptr<state> state_;
};

}  // namespace cairn::auth
