#pragma once
// Password hashes: what Cairn writes (argon2id, PHC string format) and what
// it accepts from imported user databases (Dovecot-style "{SCHEME}" prefixes
// and bare crypt(3) strings).
//
// Every function here is pure and thread-safe, and may take as long as the
// hash it is given (argon2 at the default cost: a few hundred milliseconds
// and 64 MiB): call them from auth::verifier's workers or another worker
// thread, never from an I/O thread.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace cairn::auth {

// Cost of the argon2id hashes Cairn writes. The defaults are Dovecot's
// ARGON2ID defaults (`doveadm pw -s ARGON2ID` writes m=65536,t=3,p=1), so
// the benchmark against Dovecot compares like with like, and they are
// RFC 9106 section 4's second recommended option (t=3, 64 MiB) with one lane:
//  - memory 64 MiB: the memory-hardness is what makes guessing expensive on
//    GPUs; 64 MiB per check, times auth.workers, stays reasonable on a mail
//    server;
//  - parallelism 1: the verifier already runs auth.workers checks side by
//    side, and with p > 1 libargon2 starts p threads for every single hash;
//    one lane keeps one check on one core;
//  - time 3: passes over memory; with m=64 MiB, p=1 this is in the low
//    hundreds of milliseconds per check on current hardware (docs/auth.md
//    records a measurement).
// The values are written into every hash ("$m=65536,t=3,p=1$"), so a hash
// keeps verifying after the configuration changes; argon2_params_of reads
// them back.
struct argon2_params {
  std::uint32_t time_cost = 3;        // auth.argon2_time: passes, >= 1
  std::uint32_t memory_kib = 65536;   // auth.argon2_memory_kib: >= 8 * parallelism
  std::uint32_t parallelism = 1;      // auth.argon2_parallelism: lanes (threads), >= 1
  bool operator==(const argon2_params&) const = default;
};

// Caps on the cost of any hash we compute, written or stored. A stored hash
// is the administrator's data, but one absurd hash (an import gone wrong, a
// typo in a hand-edited record) must not tie up a worker for minutes or
// exhaust memory each time someone tries that account.
inline constexpr std::uint32_t argon2_max_time_cost = 1000;
inline constexpr std::uint32_t argon2_max_memory_kib = 4u * 1024 * 1024;  // 4 GiB
inline constexpr std::uint32_t argon2_max_parallelism = 64;
inline constexpr unsigned bcrypt_max_cost = 16;               // 2^16 rounds, seconds
inline constexpr unsigned long sha_crypt_max_rounds = 1000000;  // default is 5000

// Lengths in the hashes we write (bytes, before base64).
inline constexpr std::size_t argon2_salt_bytes = 16;
inline constexpr std::size_t argon2_hash_bytes = 32;

// errc::cannot when a parameter is outside what libargon2 accepts or above
// the caps: time_cost 1..argon2_max_time_cost, parallelism
// 1..argon2_max_parallelism, memory_kib 8*parallelism..argon2_max_memory_kib.
// The configuration loader calls this at start-up.
result<void> check_params(const argon2_params& params);

// "$argon2id$v=19$m=<memory_kib>,t=<time_cost>,p=<parallelism>$<salt>$<hash>",
// a 16-byte salt from OpenSSL's RAND_bytes and a 32-byte hash, both in
// unpadded base64 (the PHC string format). Errors: errc::cannot for bad
// params (check_params), errc::internal if the random generator or
// libargon2 fails (out of memory included).
result<std::string> hash_password(std::string_view password, const argon2_params& params = {});

// True only if `password` matches `stored`. Accepted forms of `stored`:
//  - PHC strings "$argon2id$..." and "$argon2i$..." (any version, any
//    params within the caps above);
//  - Dovecot scheme prefixes (case-insensitive): {ARGON2ID} and {ARGON2I}
//    before the matching PHC string; {SHA512-CRYPT} before "$6$",
//    {SHA256-CRYPT} before "$5$", {BLF-CRYPT} before "$2a$"/"$2b$"/"$2y$",
//    {MD5-CRYPT} before "$1$", {DES-CRYPT} before a 13-character DES crypt,
//    and {CRYPT} before any of these crypt strings or a yescrypt "$y$" one
//    (Dovecot's CRYPT hands the string to crypt(3), whatever it holds);
//  - bare crypt strings "$6$", "$5$", "$2a$"/"$2b$"/"$2y$", "$1$", "$y$"
//    (bare DES is not recognised: 13 arbitrary characters say nothing).
// A prefix whose hash does not have the matching form is refused (a
// {SHA512-CRYPT} label on an MD5 hash is a damaged record). Unknown schemes
// ({PLAIN}, {SSHA512}, ...), malformed strings, hashes above the cost caps,
// and for crypt schemes a password containing NUL (crypt(3) would silently
// cut it) all answer false. crypt strings are checked with libcrypt's
// crypt_rn (thread-safe) and compared in constant time.
bool verify_password(std::string_view password, std::string_view stored);

// True if verify_password understands the form of `stored` (it may still
// not match any password). The verifier uses it to spend the same time on a
// record it cannot check as on a real one.
bool is_supported_hash(std::string_view stored);

// True unless `stored` is argon2id, version 19, at exactly `params`, with a
// salt and hash at least as long as ours (a {ARGON2ID} prefix is fine: it
// changes nothing). A later step rehashes at the next good login.
bool needs_upgrade(std::string_view stored, const argon2_params& params = {});

// The cost written in an argon2id or argon2i hash (bare or {ARGON2ID}/
// {ARGON2I}-prefixed), so tools can configure Dovecot with the same cost.
// errc::parse_error for anything else.
result<argon2_params> argon2_params_of(std::string_view stored);

}  // namespace cairn::auth
