// fuzz-deps: cairn_imap
// The session-level fuzzer (STYLE.md example 12, after Dovecot's
// fuzz-smtp-server.c): the bytes a client could send, driven through a real
// imap::session over an in-memory stream (net/memory_stream.hpp) against a
// real embedded store, so that LOGIN, SELECT, FETCH, STORE, COPY, MOVE,
// APPEND, IDLE, EXPUNGE ... all run with their real handlers, workers, hub
// and SQLite underneath.
//
// The store is made once per process in a temporary folder on /dev/shm
// (tmpfs: fsync costs nothing there) with one account, alice / secret
// (argon2id at its cheapest), holding a few messages, keywords and folders.
// That account's folder is copied aside as a template and put back before
// every input, so each input starts from the same state and a finding
// replays alone.
//
// Input: the first byte is a header, the rest is what the client sends.
//   bit 0: start with "x LOGIN alice secret"      (reach the authenticated state)
//   bit 1: then "y SELECT INBOX"                   (reach the selected state)
//   bits 2-4: how the bytes are cut into reads (all at once, 1 byte, 2, 3,
//             7, 64, 1000, alternating 1 and 5)
//   bit 5: the peer is not loopback (LOGINDISABLED without TLS)
//   bit 6: utf8: "z ENABLE UTF8=ACCEPT" after login
// So the fuzzer spends its time past the login instead of rediscovering it.
//
// Between inputs nothing may hold the account open: the session is gone,
// the store workers are idle (worker_pool::queued() counts a posted job
// until its captures are destroyed: a purge posted by SELECT holds the
// account), and there is no background indexer thread. (A run once died
// in reset_account() when a purge job closed the account, deleting its
// WAL, while the folder was being replaced; that input is kept as
// fuzz/corpus/session/regress-purge-closes-account.)
//
// Checks beyond the sanitizers: every session ends (the input ends in end
// of file, and nothing may keep it running), leaves the registry, and the
// store's workers fall idle; the process's memory does not grow with runs
// (libFuzzer's -rss_limit_mb and LeakSanitizer).
//
// Leaks: libFuzzer checks every input whose mallocs and frees differ
// (-detect_leaks=1): a session that leaves anything behind is a finding.
// LeakSanitizer's own check at exit is off for this target (fuzz-env
// below): it reports ~10 KB of OpenSSL's per-thread state (error queue,
// DRBGs) of the store and password worker threads, a fixed amount however
// many inputs ran, which OpenSSL 3.0 does not free when those threads are
// joined from an atexit handler. CAIRN_FUZZ_LEAK_PROBE=1 makes inputs that
// start with "LEAKPROBE" leak on purpose, to show the per-input check works:
//   CAIRN_FUZZ_LEAK_PROBE=1 fuzz_session -runs=1 <(printf '\001LEAKPROBE')
// fuzz-env: LSAN_OPTIONS=leak_check_at_exit=0
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "auth/conn_limits.hpp"
#include "auth/password.hpp"
#include "auth/throttle.hpp"
#include "auth/verifier.hpp"
#include "base/log.hpp"
#include "imap/hub.hpp"
#include "imap/session.hpp"
#include "imap/workers.hpp"
#include "net/asio.hpp"
#include "net/memory_stream.hpp"
#include "net/tls.hpp"
#include "store/ingest.hpp"
#include "store/store.hpp"

using namespace cairn;
namespace fs = std::filesystem;

namespace {

constexpr const char* user_name = "alice";
constexpr const char* password = "secret";

const char* const seed_messages[] = {
    "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: hello\r\n"
    "Date: Mon, 7 Feb 1994 21:52:25 -0800\r\nMessage-ID: <1@example.org>\r\n\r\nHi Alice.\r\n",

    "From: =?UTF-8?B?w4lsb2RpZQ==?= <e@example.org>\r\nTo: a@example.org, \"B, C\" <bc@example.org>\r\n"
    "Subject: =?ISO-8859-1?Q?caf=E9?=\r\nMIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
    "preamble\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n\r\ncaf=C3=A9\r\n"
    "--b1\r\nContent-Type: application/octet-stream; name*=UTF-8''%C3%A9.bin\r\n"
    "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment\r\n\r\nAAECAwQFBgc=\r\n"
    "--b1\r\nContent-Type: message/rfc822\r\n\r\n"
    "From: x@y\r\nSubject: inner\r\nContent-Type: multipart/alternative; boundary=b2\r\n\r\n"
    "--b2\r\nContent-Type: text/plain\r\n\r\ninner text\r\n--b2\r\nContent-Type: text/html\r\n\r\n"
    "<p>inner</p>\r\n--b2--\r\n--b1--\r\nepilogue\r\n",

    "Subject: bare\r\n\r\nno from, no date\r\nsecond line\r\n",
};

struct world {
  fs::path dir;
  fs::path template_dir;
  fs::path account_dir;
  std::unique_ptr<store::backend> backend;
  std::unique_ptr<auth::verifier> verifier;
  std::unique_ptr<auth::throttle> throttle;
  std::unique_ptr<auth::conn_limits> conns;
  std::unique_ptr<imap::worker_pool> workers;
  std::unique_ptr<imap::hub> hub;
  std::unique_ptr<net::tls_provider> tls;
  std::unique_ptr<imap::services> svc;
  std::shared_ptr<const imap::session_config> cfg;
  std::unique_ptr<net::asio::io_context> ioc;
};

world* g = nullptr;

[[noreturn]] void die(const std::string& why) {
  std::fprintf(stderr, "fuzz_session: %s\n", why.c_str());
  std::abort();
}

void remove_world() {
  if (!g) return;
  // Stop the threads before the store goes; then the files.
  g->svc.reset();
  g->workers.reset();
  g->verifier.reset();
  g->backend.reset();
  std::error_code ec;
  fs::remove_all(g->dir, ec);
}

void make_world() {
  g = new world;
  log::set_level(log::level::error);  // a session logs every command's events
  const char* base = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : (std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
  std::string tmpl = std::string(base) + "/cairn-fuzz-session-XXXXXX";
  if (!::mkdtemp(tmpl.data())) die("mkdtemp failed");
  g->dir = tmpl;
  // OpenSSL registers its own atexit cleanup when first used; it must run
  // after ours (handlers run in reverse), or it drops the thread-exit hook
  // before our threads exit and their per-thread OpenSSL state (error
  // queue, DRBGs) shows up as leaks at exit. So: OpenSSL first, then us.
  OPENSSL_init_crypto(0, nullptr);
  std::atexit(remove_world);

  store::embedded_options so;
  so.data_dir = g->dir / "data";
  so.read_connections = 2;
  // No indexer thread: it would hold the account open between inputs (and
  // close it, deleting its WAL, while reset_account() replaces the folder).
  // Indexing on APPEND runs in the session's own store calls as usual.
  so.background_indexing = false;
  auto b = store::open_embedded(so);
  if (!b) die("open_embedded: " + b.error().message());
  g->backend = std::move(*b);

  auth::argon2_params cheap{1, 8, 1};
  auto hash = auth::hash_password(password, cheap);
  if (!hash) die("hash_password");
  auto u = g->backend->users().add_user(user_name, *hash);
  if (!u) die("add_user: " + u.error().message());
  g->account_dir = so.data_dir / "accounts" / u->account_id;
  {
    auto acct = g->backend->open_account(u->account_id);
    if (!acct || !store::provision(**acct)) die("provision");
    for (const char* name : {"Work", "Work/Projects", "Caf\xc3\xa9"})
      if (!(*acct)->create_mailbox(name, "")) die("create_mailbox");
    auto inbox = (*acct)->mailbox("INBOX");
    if (!inbox) die("INBOX");
    std::vector<store::incoming_message> msgs;
    std::uint8_t fl[] = {store::flag_seen, 0, store::flag_flagged | store::flag_answered};
    for (std::size_t i = 0; i < std::size(seed_messages); ++i) {
      store::incoming_message m;
      m.raw = seed_messages[i];
      m.fl.system = fl[i];
      if (i == 1) m.fl.keywords = {"$Important", "Work"};
      m.internal_date = {760000000 + static_cast<std::int64_t>(i) * 86400, 60};
      msgs.push_back(std::move(m));
    }
    if (!store::ingest(**acct, inbox->id, msgs)) die("ingest");
    auto work = (*acct)->mailbox("Work");
    if (!work || !store::ingest(**acct, work->id, std::span(msgs).subspan(0, 1))) die("ingest Work");
  }
  // The account object is gone (its connections closed, the WAL folded
  // back): its folder is now the template.
  g->template_dir = g->dir / "template";
  fs::copy(g->account_dir, g->template_dir, fs::copy_options::recursive);

  auth::verifier_options vo;
  vo.workers = 1;
  vo.queue = 64;
  vo.params = cheap;
  g->verifier = std::make_unique<auth::verifier>(vo);
  auth::throttle_options to;
  to.initial = std::chrono::milliseconds(0);  // no login delays: no sleeping in a fuzzer
  to.max = std::chrono::milliseconds(0);
  g->throttle = std::make_unique<auth::throttle>(to);
  g->conns = std::make_unique<auth::conn_limits>();
  g->workers = std::make_unique<imap::worker_pool>(2, 256);
  g->hub = std::make_unique<imap::hub>();
  g->tls = std::make_unique<net::tls_provider>();
  g->backend->set_change_listener(
      [h = g->hub.get()](const store::change_event& ev) { h->notify(ev.account_id, ev.mailbox, ev.highestmodseq); });
  g->svc.reset(new imap::services{*g->backend, *g->verifier, *g->throttle, *g->conns, *g->workers, *g->hub, *g->tls});

  auto cfg = std::make_shared<imap::session_config>();
  // Smaller than the defaults so that the limits themselves are reached,
  // and the memory a run may take stays well inside -rss_limit_mb.
  cfg->lim.line_before_login = 2048;
  cfg->lim.line_after_login = 16384;
  cfg->lim.message_size = 256 * 1024;
  cfg->lim.nesting = 20;
  cfg->lim.keywords_per_mailbox = 50;
  cfg->lim.mailbox_name = 256;
  cfg->lim.mailbox_depth = 8;
  cfg->lim.mailboxes_per_account = 64;
  g->cfg = cfg;
  g->ioc = std::make_unique<net::asio::io_context>(1);
}

// Puts the template back as the account's folder. Only called when no
// session runs and the workers are idle, so nothing holds the account open.
void reset_account() {
  std::error_code ec;
  fs::remove_all(g->account_dir, ec);
  if (ec) die("remove_all: " + ec.message());
  fs::copy(g->template_dir, g->account_dir, fs::copy_options::recursive, ec);
  if (ec) die("copy: " + ec.message());
}

void wait_workers_idle() {
  // post_purge() runs without a work guard: wait for it. Bounded: a job
  // that never ends is a hang, which is a finding.
  for (int i = 0; i < 10000 && g->workers->queued() > 0; ++i) std::this_thread::sleep_for(std::chrono::microseconds(100));
  if (g->workers->queued() > 0) die("store workers still busy a second after the session ended");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (!g) make_world();
  if (size == 0 || size > 64 * 1024) return 0;
  static const bool probe = std::getenv("CAIRN_FUZZ_LEAK_PROBE") != nullptr;
  if (probe && size >= 10 && std::memcmp(data + 1, "LEAKPROBE", 9) == 0) {
    // A deliberate leak (see the top of this file); the pointer is
    // dropped on purpose so that LeakSanitizer finds it.
    volatile char* leak = new char[100];
    leak[0] = 1;
    leak = nullptr;
  }
  const std::uint8_t head = data[0];
  std::string input;
  if (head & 1) input += "x LOGIN alice secret\r\n";
  if ((head & 1) && (head & 64)) input += "z ENABLE UTF8=ACCEPT\r\n";
  if ((head & 3) == 3) input += "y SELECT INBOX\r\n";
  input.append(reinterpret_cast<const char*>(data) + 1, size - 1);

  net::memory_stream_options mo;
  static const std::vector<std::size_t> cuts[] = {{}, {1}, {2}, {3}, {7}, {64}, {1000}, {1, 5}};
  mo.chunks = cuts[(head >> 2) & 7];
  if (head & 32) {
    mo.peer = "192.0.2.7";
    mo.loopback = false;
  }
  mo.max_output = 0;  // only counted

  reset_account();
  g->ioc->restart();
  imap::session::start(*g->svc, g->cfg, std::make_unique<net::memory_stream>(g->ioc->get_executor(), std::move(input), mo),
                       false);
  g->ioc->run();
  wait_workers_idle();
  if (g->svc->registry.size() != 0) die("a session outlived its input");
  return 0;
}
