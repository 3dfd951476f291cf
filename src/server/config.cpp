#include "server/config.hpp"

#include <toml++/toml.h>

#include <climits>
#include <cstdint>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace cairn::server {

std::string endpoint::text() const {
  if (address.find(':') != std::string::npos) return "[" + address + "]:" + std::to_string(port);
  return address + ":" + std::to_string(port);
}

endpoint parse_endpoint(const std::string& s, const std::string& what) {
  endpoint e;
  std::string port;
  if (!s.empty() && s[0] == '[') {
    auto close = s.find(']');
    if (close == std::string::npos || close + 1 >= s.size() || s[close + 1] != ':')
      throw config_error(what + ": expected [ADDRESS]:PORT, got \"" + s + "\"");
    e.address = s.substr(1, close - 1);
    port = s.substr(close + 2);
  } else {
    auto colon = s.rfind(':');
    if (colon == std::string::npos || s.find(':') != colon)
      throw config_error(what + ": expected ADDRESS:PORT, got \"" + s + "\"");
    e.address = s.substr(0, colon);
    port = s.substr(colon + 1);
  }
  if (e.address.empty() || port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos)
    throw config_error(what + ": expected ADDRESS:PORT, got \"" + s + "\"");
  unsigned long p = std::stoul(port);
  if (p > 65535) throw config_error(what + ": port out of range in \"" + s + "\"");
  e.port = static_cast<std::uint16_t>(p);
  return e;
}

namespace {

using setter = std::function<void(config&, const toml::node&, const std::string& key)>;

std::string where(const toml::node& n) {
  std::ostringstream o;
  o << n.source().begin;
  return o.str();
}

[[noreturn]] void bad(const std::string& key, const toml::node& n, const std::string& why) {
  throw config_error(key + " (" + where(n) + "): " + why);
}

std::int64_t integer(const toml::node& n, const std::string& key, std::int64_t lo, std::int64_t hi) {
  auto v = n.value<std::int64_t>();
  if (!n.is_integer() || !v) bad(key, n, "expected an integer");
  if (*v < lo || *v > hi) bad(key, n, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  return *v;
}

std::string string(const toml::node& n, const std::string& key) {
  if (!n.is_string()) bad(key, n, "expected a string");
  return *n.value<std::string>();
}

bool boolean(const toml::node& n, const std::string& key) {
  if (!n.is_boolean()) bad(key, n, "expected true or false");
  return *n.value<bool>();
}

std::vector<endpoint> endpoints(const toml::node& n, const std::string& key) {
  std::vector<endpoint> out;
  if (n.is_string()) {
    out.push_back(parse_endpoint(*n.value<std::string>(), key));
  } else if (auto* arr = n.as_array()) {
    for (const auto& e : *arr) {
      if (!e.is_string()) bad(key, e, "expected \"ADDRESS:PORT\" strings");
      out.push_back(parse_endpoint(*e.value<std::string>(), key));
    }
  } else {
    bad(key, n, "expected \"ADDRESS:PORT\" or a list of them");
  }
  return out;
}

template <class T>
setter uint_field(T config::*field, std::int64_t lo, std::int64_t hi) {
  return [=](config& c, const toml::node& n, const std::string& k) { c.*field = static_cast<T>(integer(n, k, lo, hi)); };
}
template <class T>
setter limit_field(T cairn::limits::*field, std::int64_t lo, std::int64_t hi) {
  return [=](config& c, const toml::node& n, const std::string& k) {
    c.lim.*field = static_cast<T>(integer(n, k, lo, hi));
  };
}
setter limit_seconds(std::chrono::seconds cairn::limits::*field, std::int64_t lo, std::int64_t hi) {
  return [=](config& c, const toml::node& n, const std::string& k) {
    c.lim.*field = std::chrono::seconds(integer(n, k, lo, hi));
  };
}
setter limit_ms(std::chrono::milliseconds cairn::limits::*field, std::int64_t lo, std::int64_t hi) {
  return [=](config& c, const toml::node& n, const std::string& k) {
    c.lim.*field = std::chrono::milliseconds(integer(n, k, lo, hi));
  };
}

constexpr std::int64_t GiB = 1024LL * 1024 * 1024;

std::vector<std::string> strings(const toml::node& n, const std::string& key) {
  std::vector<std::string> out;
  auto* arr = n.as_array();
  if (!arr) bad(key, n, "expected a list of strings");
  for (const auto& e : *arr) {
    if (!e.is_string()) bad(key, e, "expected a list of strings");
    out.push_back(*e.value<std::string>());
  }
  return out;
}

std::string ascii_lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// A size: an integer (bytes) or a string such as "10G"; 0 and "unlimited"
// mean no limit.
std::uint64_t quota_size(const toml::node& n, const std::string& key) {
  if (n.is_integer()) return static_cast<std::uint64_t>(integer(n, key, 0, INT64_MAX));
  if (!n.is_string()) bad(key, n, "expected a size such as 10G, or \"unlimited\"");
  try {
    auto v = parse_size(*n.value<std::string>(), key);
    return v ? *v : 0;
  } catch (const config_error&) {
    bad(key, n, "expected a size such as 10G, or \"unlimited\"");
  }
}

const std::map<std::string, setter>& keys() {
  static const std::map<std::string, setter> k = {
      {"server.data", [](config& c, const toml::node& n, const std::string& key) { c.data_dir = string(n, key); }},
      {"server.user", [](config& c, const toml::node& n, const std::string& key) { c.user = string(n, key); }},
      {"server.imap", [](config& c, const toml::node& n, const std::string& key) { c.imap = endpoints(n, key); }},
      {"server.imaps", [](config& c, const toml::node& n, const std::string& key) { c.imaps = endpoints(n, key); }},
      {"server.threads", uint_field(&config::threads, 0, 256)},
      {"server.allow_plaintext_auth",
       [](config& c, const toml::node& n, const std::string& key) { c.allow_plaintext_auth = boolean(n, key); }},
      {"server.loopback_is_secure",
       [](config& c, const toml::node& n, const std::string& key) { c.loopback_is_secure = boolean(n, key); }},
      {"server.greeting", [](config& c, const toml::node& n, const std::string& key) {
         c.greeting = string(n, key);
         for (unsigned char ch : c.greeting)
           if (ch < 0x20 || ch >= 0x7f || ch == '[' || ch == ']') bad(key, n, "printable ASCII without [ ] only");
       }},
      {"server.shutdown_grace_seconds", uint_field(&config::shutdown_grace_seconds, 0, 3600)},
      {"tls.certificate", [](config& c, const toml::node& n, const std::string& key) { c.certificate = string(n, key); }},
      {"tls.key", [](config& c, const toml::node& n, const std::string& key) { c.key = string(n, key); }},
      {"log.level", [](config& c, const toml::node& n, const std::string& key) {
         if (!log::parse_level(string(n, key), c.log_level)) bad(key, n, "expected debug, info, warn or error");
       }},
      {"store.workers", uint_field(&config::store_workers, 1, 1024)},
      {"store.queue", uint_field(&config::store_queue, 1, 1000000)},
      {"store.keep_open", uint_field(&config::store_keep_open, 0, 65536)},
      {"store.sort_cache_messages", uint_field(&config::store_sort_cache_messages, 0, 100000000)},
      {"store.flags_cache_messages", uint_field(&config::store_flags_cache_messages, 0, 100000000)},
      {"auth.workers", uint_field(&config::auth_workers, 1, 256)},
      {"auth.argon2_time", [](config& c, const toml::node& n, const std::string& key) {
         c.argon2.time_cost = static_cast<std::uint32_t>(integer(n, key, 1, 1000));
       }},
      {"auth.argon2_memory_kib", [](config& c, const toml::node& n, const std::string& key) {
         c.argon2.memory_kib = static_cast<std::uint32_t>(integer(n, key, 8, 4 * 1024 * 1024));
       }},
      {"auth.argon2_parallelism", [](config& c, const toml::node& n, const std::string& key) {
         c.argon2.parallelism = static_cast<std::uint32_t>(integer(n, key, 1, 64));
       }},
      {"limits.line_before_login", limit_field(&cairn::limits::line_before_login, 1024, 1 << 20)},
      {"limits.line_after_login", limit_field(&cairn::limits::line_after_login, 1024, 64 << 20)},
      {"limits.message_size", limit_field(&cairn::limits::message_size, 1024, 4 * GiB - 1)},
      {"limits.nesting", limit_field(&cairn::limits::nesting, 2, 10000)},
      {"limits.bad_commands_before_login", limit_field(&cairn::limits::bad_commands_before_login, 1, 1000)},
      {"limits.bad_commands", limit_field(&cairn::limits::bad_commands, 1, 100000)},
      {"limits.keywords_per_mailbox", limit_field(&cairn::limits::keywords_per_mailbox, 0, 100000)},
      {"limits.update_contexts", limit_field(&cairn::limits::update_contexts, 1, 1000)},
      {"limits.mailbox_name", limit_field(&cairn::limits::mailbox_name, 16, 65536)},
      {"limits.mailbox_depth", limit_field(&cairn::limits::mailbox_depth, 1, 1000)},
      {"limits.mailboxes_per_account", limit_field(&cairn::limits::mailboxes_per_account, 10, 10000000)},
      {"limits.mime_parts", limit_field(&cairn::limits::mime_parts, 1, 10000000)},
      {"limits.mime_header_bytes", limit_field(&cairn::limits::mime_header_bytes, 1024, 4 * GiB - 1)},
      {"limits.expunge_history_days", [](config& c, const toml::node& n, const std::string& key) {
         // An integer or a fraction of days (tests use a few seconds).
         double days = 0;
         if (auto i = n.value_exact<std::int64_t>()) days = static_cast<double>(*i);
         else if (auto f = n.value_exact<double>()) days = *f;
         else throw config_error(key + ": expected a number of days");
         if (!(days >= 0 && days <= 36500)) throw config_error(key + ": expected 0 (forever) to 36500 days");
         c.lim.expunge_history = std::chrono::seconds(static_cast<std::int64_t>(days * 86400 + 0.5));
         if (days > 0 && c.lim.expunge_history.count() == 0) c.lim.expunge_history = std::chrono::seconds(1);
       }},
      {"limits.search_index_text", limit_field(&cairn::limits::search_index_text, 0, 4 * GiB - 1)},
      {"limits.connections_per_user_ip", limit_field(&cairn::limits::connections_per_user_ip, 1, 1000000)},
      {"limits.connections_per_ip", limit_field(&cairn::limits::connections_per_ip, 0, 1000000)},
      {"limits.timeout_before_login", limit_seconds(&cairn::limits::timeout_before_login, 1, 3600)},
      {"limits.timeout_after_login", limit_seconds(&cairn::limits::timeout_after_login, 60, 86400)},
      {"limits.idle_keepalive", limit_seconds(&cairn::limits::idle_keepalive, 1, 3600)},
      {"limits.command_time", limit_seconds(&cairn::limits::command_time, 0, 86400)},
      {"limits.login_delay_initial_ms", limit_ms(&cairn::limits::login_delay_initial, 0, 600000)},
      {"limits.login_delay_max_ms", limit_ms(&cairn::limits::login_delay_max, 0, 3600000)},
      {"limits.login_cache_seconds", limit_seconds(&cairn::limits::login_cache_ttl, 0, 86400)},
      {"limits.auth_queue", limit_field(&cairn::limits::auth_queue, 1, 1000000)},
      {"limits.lmtp_line", limit_field(&cairn::limits::lmtp_line, 512, 1 << 20)},
      {"limits.lmtp_recipients", limit_field(&cairn::limits::lmtp_recipients, 1, 1000000)},
      {"limits.lmtp_timeout", limit_seconds(&cairn::limits::lmtp_timeout, 1, 86400)},
      {"lmtp.listen", [](config& c, const toml::node& n, const std::string& key) {
         c.lmtp.listen = n.is_array() && n.as_array()->empty() ? std::vector<endpoint>{} : endpoints(n, key);
       }},
      {"lmtp.socket", [](config& c, const toml::node& n, const std::string& key) { c.lmtp.socket = string(n, key); }},
      {"lmtp.socket_mode", [](config& c, const toml::node& n, const std::string& key) {
         c.lmtp.socket_mode = static_cast<unsigned>(integer(n, key, 0, 0777));
       }},
      {"lmtp.socket_group", [](config& c, const toml::node& n, const std::string& key) {
         c.lmtp.socket_group = string(n, key);
       }},
      {"lmtp.hostname", [](config& c, const toml::node& n, const std::string& key) {
         c.lmtp.hostname = string(n, key);
         for (unsigned char ch : c.lmtp.hostname)
           if (ch <= 0x20 || ch >= 0x7f) bad(key, n, "a host name: printable ASCII without spaces");
       }},
      {"delivery.local_domains", [](config& c, const toml::node& n, const std::string& key) {
         c.delivery.local_domains.clear();
         for (auto& d : strings(n, key)) c.delivery.local_domains.push_back(ascii_lower(d));
       }},
      {"delivery.recipient_delimiter", [](config& c, const toml::node& n, const std::string& key) {
         c.delivery.recipient_delimiter = string(n, key);
         for (unsigned char ch : c.delivery.recipient_delimiter)
           if (ch <= 0x20 || ch >= 0x7f || ch == '@') bad(key, n, "printable ASCII characters other than @");
       }},
      {"delivery.detail_folders", [](config& c, const toml::node& n, const std::string& key) {
         c.delivery.detail_folders = boolean(n, key);
       }},
      {"delivery.quota_temporary", [](config& c, const toml::node& n, const std::string& key) {
         c.delivery.quota_temporary = boolean(n, key);
       }},
      {"delivery.loop_limit", [](config& c, const toml::node& n, const std::string& key) {
         c.delivery.loop_limit = static_cast<unsigned>(integer(n, key, 0, 1000));
       }},
      {"quota.storage", [](config& c, const toml::node& n, const std::string& key) {
         c.quota.storage = quota_size(n, key);
       }},
      {"quota.messages", [](config& c, const toml::node& n, const std::string& key) {
         c.quota.messages = static_cast<std::uint64_t>(integer(n, key, 0, INT64_MAX));
       }},
      {"quota.administrators", [](config& c, const toml::node& n, const std::string& key) {
         c.quota.administrators.clear();
         for (auto& a : strings(n, key)) c.quota.administrators.push_back(ascii_lower(a));
       }},
      {"limits.login_cache_entries", uint_field(&config::login_cache_entries, 0, 10000000)},
      {"limits.login_delay_forget_seconds", [](config& c, const toml::node& n, const std::string& key) {
         c.login_throttle_forget = std::chrono::seconds(integer(n, key, 1, 86400 * 7));
       }},
      {"limits.login_throttle_addresses", uint_field(&config::login_throttle_addresses, 16, 100000000)},
      {"limits.login_throttle_ipv6_prefix", uint_field(&config::login_throttle_ipv6_prefix, 16, 128)},
  };
  return k;
}

void walk(config& c, const toml::table& t, const std::string& prefix) {
  for (const auto& [k, node] : t) {
    std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (auto* sub = node.as_table()) {
      if (!prefix.empty()) bad(key, node, "unknown section");
      static const char* const sections[] = {"server", "tls",  "log",      "store", "auth",
                                             "limits", "lmtp", "delivery", "quota"};
      bool known = false;
      for (auto* s : sections) known = known || key == s;
      if (!known) bad(key, node, "unknown section");
      walk(c, *sub, key);
      continue;
    }
    auto it = keys().find(key);
    if (it == keys().end()) bad(key, node, "unknown key");
    it->second(c, node, key);
  }
}

}  // namespace

std::optional<std::uint64_t> parse_size(const std::string& s, const std::string& what) {
  if (ascii_lower(s) == "unlimited" || ascii_lower(s) == "none") return std::nullopt;
  std::size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
  if (digits == 0 || digits > 15) throw config_error(what + ": expected a size such as 10G, got \"" + s + "\"");
  std::uint64_t v = std::stoull(s.substr(0, digits));
  std::string unit = ascii_lower(s.substr(digits));
  if (!unit.empty() && unit.back() == 'b') unit.pop_back();  // "10GB", "512kb"
  if (!unit.empty() && unit.back() == 'i') unit.pop_back();  // "10Gi"
  std::uint64_t mult = 1;
  if (unit.empty()) mult = 1;
  else if (unit == "k") mult = 1024ULL;
  else if (unit == "m") mult = 1024ULL * 1024;
  else if (unit == "g") mult = 1024ULL * 1024 * 1024;
  else if (unit == "t") mult = 1024ULL * 1024 * 1024 * 1024;
  else throw config_error(what + ": expected a size such as 10G, got \"" + s + "\"");
  if (v > (static_cast<std::uint64_t>(INT64_MAX) / mult)) throw config_error(what + ": size too large");
  return v * mult;
}

store::quota_limits default_quota_of(const config& c) {
  store::quota_limits q;
  if (c.quota.storage) q.storage = c.quota.storage;
  if (c.quota.messages) q.messages = c.quota.messages;
  return q;
}

config parse_config(std::string_view text, const std::string& source_name) {
  config c;
  toml::table t;
  try {
    t = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    std::ostringstream o;
    o << source_name << ": " << e.description() << " (" << e.source().begin << ")";
    throw config_error(o.str());
  }
  walk(c, t, "");
  if (c.lim.login_delay_max < c.lim.login_delay_initial)
    throw config_error("limits.login_delay_max_ms: must not be below limits.login_delay_initial_ms");
  if (c.certificate.empty() != c.key.empty())
    throw config_error("tls.certificate and tls.key: set both or neither");
  return c;
}

config load_config(const std::filesystem::path& path) {
  std::ifstream f(path);
  if (!f) throw config_error(path.string() + ": cannot read the configuration file");
  std::stringstream ss;
  ss << f.rdbuf();
  config c = parse_config(ss.str(), path.string());
  c.source = path;
  return c;
}

}  // namespace cairn::server
