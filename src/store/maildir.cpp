#include "store/maildir.hpp"

#include <algorithm>

#include "protocol/utf7.hpp"
#include "protocol/writer.hpp"
#include "store/flags.hpp"

namespace cairn::store {

namespace {

constexpr std::string_view forwarded = "$Forwarded";

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t at = 0;
  for (;;) {
    auto p = s.find(sep, at);
    out.push_back(s.substr(at, p == std::string_view::npos ? std::string_view::npos : p - at));
    if (p == std::string_view::npos) break;
    at = p + 1;
  }
  return out;
}

// Dovecot's str_append_tabunescaped: \001 followed by 1, t, r, n or 0.
std::string tab_unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x01' && i + 1 < s.size()) {
      char c = s[++i];
      out += c == 't' ? '\t' : c == 'r' ? '\r' : c == 'n' ? '\n' : c == '0' ? '\0' : '\x01';
      continue;
    }
    out += s[i];
  }
  return out;
}

}  // namespace

maildir_keywords parse_dovecot_keywords(std::string_view text) {
  maildir_keywords k;
  for (std::string_view line : split(text, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto sp = line.find(' ');
    if (sp == std::string_view::npos || sp == 0 || sp > 2) continue;
    unsigned n = 0;
    bool ok = true;
    for (char c : line.substr(0, sp)) {
      if (c < '0' || c > '9') ok = false;
      else n = n * 10 + static_cast<unsigned>(c - '0');
    }
    std::string_view name = line.substr(sp + 1);
    if (!ok || n >= 26 || name.empty() || name.size() > 255 || !proto::is_atom(name)) continue;
    if (k.size() <= n) k.resize(n + 1);
    k[n] = std::string(name);
  }
  return k;
}

std::string format_dovecot_keywords(const maildir_keywords& k) {
  std::string out;
  for (std::size_t i = 0; i < k.size(); ++i)
    if (!k[i].empty()) out += std::to_string(i) + " " + k[i] + "\n";
  return out;
}

flags maildir_flags(std::string_view file_name, const maildir_keywords& k) {
  flags fl;
  auto info = file_name.rfind(":2,");
  if (info == std::string_view::npos) return fl;
  for (char c : file_name.substr(info + 3)) {
    if (c == ',') break;  // another flag set follows; not ours
    switch (c) {
      case 'D': fl.system |= flag_draft; break;
      case 'F': fl.system |= flag_flagged; break;
      case 'P': fl.keywords.emplace_back(forwarded); break;
      case 'R': fl.system |= flag_answered; break;
      case 'S': fl.system |= flag_seen; break;
      case 'T': fl.system |= flag_deleted; break;
      default:
        if (c >= 'a' && c <= 'z') {
          std::size_t n = static_cast<std::size_t>(c - 'a');
          if (n < k.size() && !k[n].empty()) fl.keywords.push_back(k[n]);
        }
    }
  }
  normalize_keywords(fl.keywords);
  return fl;
}

std::string maildir_info(const flags& fl, maildir_keywords& k, unsigned* dropped) {
  std::string letters;
  if (fl.system & flag_draft) letters += 'D';
  if (fl.system & flag_flagged) letters += 'F';
  std::string kw;
  bool passed = false;
  for (const auto& name : fl.keywords) {
    if (keyword_equal(name, forwarded)) {
      passed = true;
      continue;
    }
    auto it = std::find_if(k.begin(), k.end(), [&](const std::string& x) { return keyword_equal(x, name); });
    std::size_t n = static_cast<std::size_t>(it - k.begin());
    if (it == k.end()) {
      auto hole = std::find(k.begin(), k.end(), std::string());
      n = static_cast<std::size_t>(hole - k.begin());
      if (hole != k.end()) *hole = name;
      else if (k.size() < 26) k.push_back(name);
      else {
        if (dropped) ++*dropped;
        continue;
      }
    }
    kw += static_cast<char>('a' + n);
  }
  if (passed) letters += 'P';
  if (fl.system & flag_answered) letters += 'R';
  if (fl.system & flag_seen) letters += 'S';
  if (fl.system & flag_deleted) letters += 'T';
  std::sort(kw.begin(), kw.end());
  return ":2," + letters + kw;
}

std::string level_to_file_name(std::string_view level) {
  auto enc = proto::encode_mutf7(level);
  std::string in = enc ? *enc : std::string(level);
  std::string out;
  for (char c : in) {
    if (c == '.') out += "%2E";
    else if (c == '%') out += "%25";
    else out += c;
  }
  return out;
}

std::optional<std::string> file_name_to_level(std::string_view name) {
  std::string unescaped;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '%' && (name.substr(i, 3) == "%2E" || name.substr(i, 3) == "%2e")) {
      unescaped += '.';
      i += 2;
    } else if (name[i] == '%' && name.substr(i, 3) == "%25") {
      unescaped += '%';
      i += 2;
    } else {
      unescaped += name[i];
    }
  }
  if (unescaped.empty()) return std::nullopt;
  if (unescaped.find('&') != std::string::npos) {
    auto d = proto::decode_mutf7(unescaped);
    if (d) return std::move(*d);
  }
  if (!proto::is_valid_utf8(unescaped)) return std::nullopt;
  return unescaped;
}

std::optional<std::string> maildirpp_folder_to_mailbox(std::string_view dir) {
  if (dir.size() < 2 || dir.front() != '.' || dir == "..") return std::nullopt;
  std::string out;
  for (std::string_view level : split(dir.substr(1), '.')) {
    if (level.empty()) return std::nullopt;
    auto l = file_name_to_level(level);
    if (!l) return std::nullopt;
    if (!out.empty()) out += '/';
    out += *l;
  }
  return out;
}

std::optional<std::string> mailbox_to_maildirpp_folder(std::string_view mailbox) {
  if (mailbox == "INBOX") return std::nullopt;
  std::string out;
  for (std::string_view level : split(mailbox, '/')) {
    out += '.';
    out += level_to_file_name(level);
  }
  return out;
}

std::vector<std::string> parse_subscriptions(std::string_view text, char separator, bool courier) {
  std::vector<std::string> out;
  bool v2 = text.substr(0, 4) == "V\t2\n";
  if (v2) {
    text.remove_prefix(4);
    if (!text.empty() && text.front() == '\n') text.remove_prefix(1);
  }
  for (std::string_view line : split(text, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    std::string name;
    bool ok = true;
    const auto levels = v2 ? split(line, '\t') : split(line, separator);
    std::size_t first = 0;
    if (courier && !v2 && levels.size() > 1 && levels[0] == "INBOX") first = 1;
    for (std::size_t i = first; i < levels.size(); ++i) {
      std::string raw = v2 ? tab_unescape(levels[i]) : std::string(levels[i]);
      auto l = raw.empty() ? std::nullopt : file_name_to_level(raw);
      if (!l) {
        ok = false;
        break;
      }
      if (!name.empty()) name += '/';
      name += *l;
    }
    if (ok && !name.empty()) out.push_back(std::move(name));
  }
  return out;
}

std::string format_subscriptions(const std::vector<std::string>& mailboxes) {
  std::string out = "V\t2\n\n";
  for (const auto& m : mailboxes) {
    bool first = true;
    for (std::string_view level : split(m, '/')) {
      if (!first) out += '\t';
      first = false;
      auto enc = proto::encode_mutf7(level);
      out += enc ? *enc : std::string(level);
    }
    out += '\n';
  }
  return out;
}

}  // namespace cairn::store
