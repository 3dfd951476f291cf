#include "auth/password.hpp"

#include <argon2.h>
#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstring>
#include <memory>
#include <optional>

namespace cairn::auth {
namespace {

enum class kind { unknown, argon2id, argon2i, crypt };

struct classified {
  kind k = kind::unknown;
  std::string_view hash;  // without any {SCHEME} prefix
};

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

bool is_crypt64(char c) {
  return c == '.' || c == '/' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
         (c >= 'a' && c <= 'z');
}

bool is_des(std::string_view h) {
  if (h.size() != 13) return false;
  for (char c : h)
    if (!is_crypt64(c)) return false;
  return true;
}

bool is_bcrypt(std::string_view h) {
  return starts_with(h, "$2a$") || starts_with(h, "$2b$") || starts_with(h, "$2y$");
}

// The modern crypt families we accept without a prefix.
bool is_modular_crypt(std::string_view h) {
  return starts_with(h, "$6$") || starts_with(h, "$5$") || is_bcrypt(h) || starts_with(h, "$1$") ||
         starts_with(h, "$y$");
}

classified classify(std::string_view stored) {
  if (starts_with(stored, "{")) {
    auto close = stored.find('}');
    if (close == std::string_view::npos) return {};
    std::string_view scheme = stored.substr(1, close - 1);
    std::string_view h = stored.substr(close + 1);
    auto is = [&](std::string_view name) { return iequals_ascii(scheme, name); };
    if (is("ARGON2ID") && starts_with(h, "$argon2id$")) return {kind::argon2id, h};
    if (is("ARGON2I") && starts_with(h, "$argon2i$")) return {kind::argon2i, h};
    if (is("SHA512-CRYPT") && starts_with(h, "$6$")) return {kind::crypt, h};
    if (is("SHA256-CRYPT") && starts_with(h, "$5$")) return {kind::crypt, h};
    if (is("BLF-CRYPT") && is_bcrypt(h)) return {kind::crypt, h};
    if (is("MD5-CRYPT") && starts_with(h, "$1$")) return {kind::crypt, h};
    if (is("DES-CRYPT") && is_des(h)) return {kind::crypt, h};
    if (is("CRYPT") && (is_modular_crypt(h) || is_des(h))) return {kind::crypt, h};
    return {};
  }
  if (starts_with(stored, "$argon2id$")) return {kind::argon2id, stored};
  if (starts_with(stored, "$argon2i$")) return {kind::argon2i, stored};
  if (is_modular_crypt(stored)) return {kind::crypt, stored};
  return {};
}

// Strict unsigned decimal: digits only, no sign, no overflow.
std::optional<std::uint64_t> parse_decimal(std::string_view s, std::uint64_t max) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  if (v > max) return std::nullopt;
  return v;
}

// Bytes encoded by unpadded base64 text, or nullopt if it is not such text.
std::optional<std::size_t> b64_length(std::string_view s) {
  if (s.size() % 4 == 1) return std::nullopt;
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
          c == '/'))
      return std::nullopt;
  return s.size() * 3 / 4;
}

struct phc {
  std::uint32_t version = 0x10;  // no "v=" means Argon2 1.0
  argon2_params params;
  std::size_t salt_bytes = 0;
  std::size_t hash_bytes = 0;
};

// "$argon2X$[v=N$]m=M,t=T,p=P$salt$hash", in libargon2's field order. The
// values are not checked against the caps here: callers decide.
std::optional<phc> parse_phc(std::string_view h) {
  phc out;
  // Skip "$argon2id" / "$argon2i"; classify() has checked which.
  auto next = [&h]() -> std::optional<std::string_view> {
    if (h.empty() || h.front() != '$') return std::nullopt;
    h.remove_prefix(1);
    auto end = h.find('$');
    std::string_view field = h.substr(0, end);
    h.remove_prefix(field.size());
    return field;
  };
  if (!next()) return std::nullopt;
  auto field = next();
  if (!field) return std::nullopt;
  if (starts_with(*field, "v=")) {
    auto v = parse_decimal(field->substr(2), UINT32_MAX);
    if (!v) return std::nullopt;
    out.version = static_cast<std::uint32_t>(*v);
    field = next();
    if (!field) return std::nullopt;
  }
  // m=..,t=..,p=..
  std::string_view rest = *field;
  std::uint32_t* targets[] = {&out.params.memory_kib, &out.params.time_cost, &out.params.parallelism};
  const char* keys[] = {"m=", "t=", "p="};
  for (int i = 0; i < 3; ++i) {
    if (!starts_with(rest, keys[i])) return std::nullopt;
    rest.remove_prefix(2);
    auto comma = rest.find(',');
    if ((i < 2) != (comma != std::string_view::npos)) return std::nullopt;
    auto v = parse_decimal(rest.substr(0, comma), UINT32_MAX);
    if (!v) return std::nullopt;
    *targets[i] = static_cast<std::uint32_t>(*v);
    rest = i < 2 ? rest.substr(comma + 1) : std::string_view{};
  }
  auto salt = next();
  auto hash = next();
  if (!salt || !hash || !h.empty()) return std::nullopt;
  auto sl = b64_length(*salt);
  auto hl = b64_length(*hash);
  if (!sl || !hl || *sl == 0 || *hl == 0) return std::nullopt;
  out.salt_bytes = *sl;
  out.hash_bytes = *hl;
  return out;
}

bool within_caps(const argon2_params& p) { return check_params(p).ok(); }

bool verify_argon2(std::string_view password, std::string_view h, argon2_type type) {
  auto parsed = parse_phc(h);
  if (!parsed || !within_caps(parsed->params)) return false;
  std::string encoded(h);  // libargon2 wants a C string
  return argon2_verify(encoded.c_str(), password.data(), password.size(), type) == ARGON2_OK;
}

// Cost caps for crypt settings whose cost is written in them.
bool crypt_cost_ok(std::string_view h) {
  if (is_bcrypt(h)) {
    // "$2b$NN$": two digits. UNSAFE: substr clamps; h[6] only when size > 6.
    auto cost = parse_decimal(h.substr(4, 2), 99);
    return h.size() > 6 && h[6] == '$' && cost && *cost <= bcrypt_max_cost;
  }
  if (starts_with(h, "$5$rounds=") || starts_with(h, "$6$rounds=")) {
    std::string_view r = h.substr(10);
    auto v = parse_decimal(r.substr(0, r.find('$')), UINT64_MAX / 10);
    return v && *v <= sha_crypt_max_rounds;
  }
  return true;
}

bool verify_crypt(std::string_view password, std::string_view h) {
  // crypt(3) reads C strings: a NUL would cut the password short and let
  // "secret\0anything" pass for "secret".
  if (password.find('\0') != std::string_view::npos) return false;
  if (h.find('\0') != std::string_view::npos) return false;
  if (!crypt_cost_ok(h)) return false;
  // crypt_data is large (tens of KiB): keep it off worker stacks. It must
  // start zeroed; make_unique value-initialises.
  auto data = std::make_unique<crypt_data>();
  std::string phrase(password);
  std::string setting(h);
  const char* out = crypt_rn(phrase.c_str(), setting.c_str(), data.get(), sizeof *data);
  bool ok = out != nullptr && out[0] != '*' && std::strlen(out) == h.size() &&
            CRYPTO_memcmp(out, h.data(), h.size()) == 0;
  OPENSSL_cleanse(phrase.data(), phrase.size());
  OPENSSL_cleanse(data.get(), sizeof *data);
  return ok;
}

}  // namespace

result<void> check_params(const argon2_params& p) {
  if (p.time_cost < 1 || p.time_cost > argon2_max_time_cost) return errc::cannot;
  if (p.parallelism < 1 || p.parallelism > argon2_max_parallelism) return errc::cannot;
  if (p.memory_kib < ARGON2_MIN_MEMORY * p.parallelism || p.memory_kib > argon2_max_memory_kib)
    return errc::cannot;
  return {};
}

result<std::string> hash_password(std::string_view password, const argon2_params& params) {
  if (auto ok = check_params(params); !ok) return ok.error();
  unsigned char salt[argon2_salt_bytes];
  if (RAND_bytes(salt, sizeof salt) != 1) return errc::internal;
  std::size_t len = argon2_encodedlen(params.time_cost, params.memory_kib, params.parallelism,
                                      sizeof salt, argon2_hash_bytes, Argon2_id);
  // UNSAFE: argon2_encodedlen counts the terminating NUL; libargon2 writes
  // at most out.size() bytes and we cut at the NUL it writes.
  std::string out(len, '\0');
  int rc = argon2id_hash_encoded(params.time_cost, params.memory_kib, params.parallelism,
                                 password.data(), password.size(), salt, sizeof salt,
                                 argon2_hash_bytes, out.data(), out.size());
  if (rc != ARGON2_OK) return errc::internal;
  out.resize(std::strlen(out.c_str()));
  return out;
}

bool verify_password(std::string_view password, std::string_view stored) {
  classified c = classify(stored);
  switch (c.k) {
    case kind::argon2id: return verify_argon2(password, c.hash, Argon2_id);
    case kind::argon2i: return verify_argon2(password, c.hash, Argon2_i);
    case kind::crypt: return verify_crypt(password, c.hash);
    case kind::unknown: return false;
  }
  return false;
}

bool is_supported_hash(std::string_view stored) {
  classified c = classify(stored);
  switch (c.k) {
    case kind::argon2id:
    case kind::argon2i: {
      auto parsed = parse_phc(c.hash);
      return parsed && within_caps(parsed->params);
    }
    case kind::crypt: return crypt_cost_ok(c.hash);
    case kind::unknown: return false;
  }
  return false;
}

bool needs_upgrade(std::string_view stored, const argon2_params& params) {
  classified c = classify(stored);
  if (c.k != kind::argon2id) return true;
  auto parsed = parse_phc(c.hash);
  return !parsed || parsed->version != ARGON2_VERSION_13 || parsed->params != params ||
         parsed->salt_bytes < argon2_salt_bytes || parsed->hash_bytes < argon2_hash_bytes;
}

result<argon2_params> argon2_params_of(std::string_view stored) {
  classified c = classify(stored);
  if (c.k != kind::argon2id && c.k != kind::argon2i) return errc::parse_error;
  auto parsed = parse_phc(c.hash);
  if (!parsed) return errc::parse_error;
  return parsed->params;
}

}  // namespace cairn::auth
