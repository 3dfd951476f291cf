#include "base/error.hpp"

namespace cairn {
namespace {

class category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "cairn"; }
  std::string message(int v) const override {
    switch (static_cast<errc>(v)) {
      case errc::ok: return "ok";
      case errc::parse_error: return "syntax error";
      case errc::too_large: return "too large";
      case errc::too_deep: return "nested too deeply";
      case errc::bad_charset: return "unsupported charset";
      case errc::bad_utf7: return "invalid modified UTF-7";
      case errc::bad_mailbox_name: return "invalid mailbox name";
      case errc::not_found: return "no such mailbox";
      case errc::already_exists: return "mailbox already exists";
      case errc::has_children: return "mailbox has children";
      case errc::no_perm: return "permission denied";
      case errc::limit: return "limit reached";
      case errc::over_quota: return "quota exceeded";
      case errc::expunged: return "message was expunged";
      case errc::modified: return "message was modified";
      case errc::in_use: return "resource in use";
      case errc::try_create: return "mailbox does not exist";
      case errc::cannot: return "operation not possible";
      case errc::auth_failed: return "authentication failed";
      case errc::disk_full: return "no space left on the server";
      case errc::io_error: return "input/output error";
      case errc::corrupted: return "stored data is damaged";
      case errc::busy: return "server busy, try again";
      case errc::timeout: return "timed out";
      case errc::internal: return "internal server error";
    }
    return "unknown error";
  }
};

}  // namespace

const std::error_category& cairn_category() noexcept {
  static const category c;
  return c;
}

}  // namespace cairn
