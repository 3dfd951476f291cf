// LOGIN and AUTHENTICATE PLAIN (with SASL-IR, RFC 4959).
#include <openssl/crypto.h>

#include "auth/password.hpp"
#include "auth/sasl.hpp"
#include "base/base64.hpp"
#include "base/log.hpp"
#include "imap/cmd/commands.hpp"
#include "imap/command_table.hpp"
#include "protocol/command.hpp"

namespace cairn::imap {
namespace {

// Verifies on the auth pool and resumes on the session's executor.
net::awaitable<result<auth::verified_user>> verify(session& s, std::string_view user, std::string_view password) {
  auto ex = co_await net::asio::this_coro::executor;
  std::optional<result<auth::verified_user>> out;
  store::backend& store = s.svc().store;
  auto lookup = [&store](std::string_view name) { return store.users().find_user(name); };
  co_await net::asio::async_initiate<const net::asio::use_awaitable_t<>&, void()>(
      [&](auto handler) {
        // std::function needs a copyable callback: share the one-shot handler.
        using handler_t = decltype(handler);
        auto h = std::make_shared<handler_t>(std::move(handler));
        auto work = std::make_shared<decltype(net::asio::make_work_guard(ex))>(net::asio::make_work_guard(ex));
        s.svc().verifier.verify(user, password, lookup, [&out, h, work](result<auth::verified_user> r) {
          out.emplace(std::move(r));
          net::asio::post(work->get_executor(), [h]() { std::move(*h)(); });
        });
      },
      net::asio::use_awaitable);
  co_return std::move(*out);
}

// A good login with a weaker or older hash (an imported {SHA512-CRYPT},
// argon2 at another cost): store a fresh argon2id hash of the same password
// (issue 10, `cairn user import`). Best effort: a failure is logged and the
// login stands. Only replaces the hash that was checked, so a password
// changed meanwhile by `cairn user passwd` is kept.
net::awaitable<void> upgrade_hash(session& s, const store::user_record& user, std::string_view password) {
  store::backend& store = s.svc().store;
  const auth::argon2_params params = s.svc().verifier.params();
  const std::string pw(password);
  auto r = co_await s.blocking([&]() -> result<void> {
    auto hash = auth::hash_password(pw, params);
    if (!hash) return hash.error();
    auto now = store.users().find_user(user.name);
    if (!now) return now.error();
    if (now->password_hash != user.password_hash) return {};
    return store.users().set_password(user.name, *hash);
  });
  if (!r || !*r) {
    s.log_event("password rehash failed", {{"user", user.name},
                                           {"error", r ? r->error().message() : std::string("busy")}});
    co_return;
  }
  s.log_event("password rehashed", {{"user", user.name}, {"scheme", "argon2id"}});
}

// `authorization_refused`: the client asked to act as another identity
// (SASL PLAIN authzid), which Cairn does not allow. The password is checked
// first all the same, so that this answer says nothing to someone who does
// not know it: NO [AUTHORIZATIONFAILED] means what RFC 5530 section 3 says,
// "authentication succeeded ... but the server will not allow" the authzid.
net::awaitable<void> finish_login(session& s, command_context& ctx, std::string_view user, std::string_view password,
                                  std::string_view method, bool authorization_refused = false) {
  // A failed login delays this address's next attempt (growing, capped);
  // the wait holds this connection only, never a worker.
  auto delay = s.svc().throttle.delay_for(s.peer());
  if (delay.count() > 0) {
    s.log_event("login delayed", {{"ms", static_cast<long long>(delay.count())}});
    net::asio::steady_timer t(co_await net::asio::this_coro::executor, delay);
    co_await t.async_wait(net::asio::as_tuple(net::asio::use_awaitable));
  }
  auto r = co_await verify(s, user, password);
  if (!r) {
    if (r.error() == errc::busy) co_return answer_busy(ctx);
    auto next = s.svc().throttle.record_failure(s.peer(), auth::fold_account_name(user));
    s.log_event("login failed", {{"user", auth::fold_account_name(user)},
                                 {"method", method},
                                 {"next_delay_ms", static_cast<long long>(next.count())}});
    co_return ctx.no("Authentication failed.", "AUTHENTICATIONFAILED");
  }
  if (authorization_refused) {
    s.log_event("login refused", {{"user", r->user.name}, {"method", method}, {"reason", "authzid"}});
    co_return ctx.no("Proxy authorization is not supported", "AUTHORIZATIONFAILED");
  }
  // The address's place was taken at connect (session::greet).
  auto ticket = s.svc().conn_limits.try_acquire_account(r->user.account_id, s.peer());
  if (!ticket) {
    s.log_event("connection limit", {{"user", r->user.name}});
    co_return ctx.no("Maximum number of connections from user+IP exceeded", "LIMIT");
  }
  store::backend& store = s.svc().store;
  std::string account_id = r->user.account_id;
  auto acct = co_await s.blocking([&]() { return store.open_account(account_id); });
  if (!acct) co_return answer_busy(ctx);
  if (!*acct) co_return answer_error(s, ctx, acct->error());
  s.svc().throttle.record_success(s.peer(), r->user.name);
  if (r->needs_upgrade) co_await upgrade_hash(s, r->user, password);
  s.log_event("login", {{"user", r->user.name},
                        {"method", method},
                        {"cached", r->from_cache ? "yes" : "no"},
                        {"tls", s.stream().secure() ? s.stream().tls_description() : std::string("no")}});
  s.enter_authenticated(authenticated{std::move(r->user), std::move(acct->value()), std::move(*ticket)});
  ctx.ok("Logged in", "CAPABILITY " + s.capabilities());
}

void refuse_plaintext(command_context& ctx) {
  // RFC 9051 section 6.2.3: LOGINDISABLED was advertised.
  ctx.no("Plaintext authentication disallowed on non-secure connections, use STARTTLS", "PRIVACYREQUIRED");
}

}  // namespace

net::awaitable<void> cmd_login(session& s, command_context& ctx) {
  auto a = proto::read_login(ctx.args);
  if (!a) co_return ctx.bad_syntax();
  if (!s.login_allowed()) co_return refuse_plaintext(ctx);
  co_await finish_login(s, ctx, a->user, a->password, "LOGIN");
}

net::awaitable<void> cmd_authenticate(session& s, command_context& ctx) {
  auto a = proto::read_authenticate(ctx.args);
  if (!a) co_return ctx.bad_syntax();
  if (a->mechanism != "PLAIN") co_return ctx.no("Unsupported authentication mechanism", "CANNOT");
  if (!s.login_allowed()) co_return refuse_plaintext(ctx);
  std::string response;
  if (a->initial) {
    // SASL-IR (RFC 4959 section 3; RFC 9051 section 6.2.2): "=" is a
    // zero-length initial response, present but empty: it is answered,
    // not met with a challenge.
    response = std::move(*a->initial);
  } else {
    // No initial response: an empty challenge, then the client's line.
    if (!co_await s.continuation("")) co_return;
    auto line = co_await s.read_line();
    if (!line) {
      ctx.replied = true;
      co_return;
    }
    response = std::move(*line);
    // RFC 9051 section 6.2.2: "*" cancels the exchange with a tagged BAD.
    if (response == "*") co_return ctx.bad("Authentication cancelled");
  }
  // Invalid base64 is a tagged BAD (RFC 9051 section 6.2.2); a decoded
  // message that is not a valid PLAIN message fails the authentication,
  // as Dovecot answers it.
  auto raw = base64::decode(response);
  if (!raw) co_return ctx.bad("Invalid base64 in SASL response");
  auto creds = auth::parse_plain(*raw);
  bool authorization_refused = false;
  if (!creds && creds.error() == errc::no_perm) {
    // Check the authentication identity's password all the same (see
    // finish_login): parse the message without its authzid.
    authorization_refused = true;
    creds = auth::parse_plain(std::string_view(*raw).substr(raw->find('\0')));
  }
  OPENSSL_cleanse(raw->data(), raw->size());
  if (!creds) {
    s.log_event("login failed", {{"method", "PLAIN"}, {"reason", "malformed PLAIN message"}});
    co_return ctx.no("Authentication failed.", "AUTHENTICATIONFAILED");
  }
  co_await finish_login(s, ctx, creds->authcid, creds->password, "PLAIN", authorization_refused);
}

}  // namespace cairn::imap
